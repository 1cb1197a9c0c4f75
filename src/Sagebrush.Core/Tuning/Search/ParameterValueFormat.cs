using System.Globalization;

namespace Sagebrush.Core.Tuning.Search;

/// <summary>Hyperparameter values as SageMaker passes them to a training job: "12" for integers, a plain decimal such as "0.0031" for reals.</summary>
internal static class ParameterValueFormat
{
    public static string Integer(double value) => ((long)value).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A plain invariant decimal, never exponent notation (training scripts parse "1e-05" less reliably than "0.00001").
    /// The decimal conversion keeps 15 significant digits, more than any search needs.
    /// </summary>
    public static string Continuous(double value) =>
        Math.Abs(value) < 7.9e27 ? ((decimal)value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);

    public static bool TryParse(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
