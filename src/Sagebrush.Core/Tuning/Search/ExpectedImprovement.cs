namespace Sagebrush.Core.Tuning.Search;

/// <summary>Expected Improvement for minimisation: E[max(best - xi - f, 0)] under f ~ N(mean, variance).</summary>
internal static class ExpectedImprovement
{
    /// <summary>
    /// The margin xi (in standardised units). Kept tiny: on Branin a margin of 0.01 standard deviations is larger than
    /// 1% of the optimum, and EI then never refines a minimum it has found (median trials to 1%: 61 against 30).
    /// </summary>
    public const double Margin = 0.001;

    public static double Of(double mean, double variance, double best)
    {
        var sd = Math.Sqrt(variance);
        var gain = best - Margin - mean;
        if (sd < 1e-12)
        {
            return Math.Max(gain, 0);
        }

        var z = gain / sd;
        return (gain * NormalCdf(z)) + (sd * NormalPdf(z));
    }

    public static double NormalPdf(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);

    public static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7).</summary>
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        ReadOnlySpan<double> coefficients = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var polynomial = 0.0;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            polynomial = (polynomial * t) + coefficients[i];
        }

        var r = t * Math.Exp(-(z * z) + polynomial);
        return x >= 0 ? r : 2 - r;
    }
}
