using System.Globalization;

namespace Sagebrush.Algorithms.Common;

/// <summary>
/// Numbers written as Python writes them (<c>repr(float)</c>, which <c>str()</c> and <c>json.dumps</c> use): the
/// shortest text that round-trips, <c>1.0</c> not <c>1</c>, <c>1e-05</c> not <c>1E-05</c>. SageMaker's Python
/// containers format their responses this way, and clients parse them by the same rules.
/// Not exact: numbers from 1e15 to 1e16 come out in scientific notation, where Python spells all the digits.
/// </summary>
public static class PythonFloat
{
    /// <summary>repr(value): <c>nan</c>, <c>inf</c>, <c>-inf</c> for the non-finite values.</summary>
    public static string Repr(double value) =>
        double.IsNaN(value) ? "nan" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : Finite(value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>
    /// repr of the shortest decimal that round-trips a float32 (<c>3.2</c>, not the double's <c>3.200000047683716</c>):
    /// what numpy prints for a float32 scalar and what a JSON writer writes for one.
    /// </summary>
    public static string ReprSingle(float value) =>
        float.IsFinite(value) ? Finite(value.ToString("R", CultureInfo.InvariantCulture)) : Repr(value);

    /// <summary>json.dumps(value): <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> for the non-finite values.</summary>
    public static string Json(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "Infinity" : double.IsNegativeInfinity(value) ? "-Infinity" : Finite(value.ToString("R", CultureInfo.InvariantCulture));

    private static string Finite(string text)
    {
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
        }

        // .NET writes E+15 / E-05; Python writes e+15 / e-05 (at least two exponent digits, always a sign).
        var mantissa = text[..e];
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
    }
}
