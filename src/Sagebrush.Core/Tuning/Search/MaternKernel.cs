namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// The Matern 5/2 kernel with one length scale per input coordinate (ARD):
/// k(x, x') = s (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r), r^2 = sum_k (x_k - x'_k)^2 / l_k^2.
/// Twice differentiable, so the surrogate is smooth without the squared exponential's overconfidence.
/// </summary>
internal static class MaternKernel
{
    private static readonly double Sqrt5 = Math.Sqrt(5);

    /// <summary>k for a scaled squared distance r^2.</summary>
    public static double FromScaledSquaredDistance(double r2, double signalVariance)
    {
        var r = Math.Sqrt(r2);
        return signalVariance * (1 + (Sqrt5 * r) + (5.0 / 3.0 * r2)) * Math.Exp(-Sqrt5 * r);
    }

    /// <summary>
    /// dk / d(log l_k) = s (5/3) (1 + sqrt5 r) exp(-sqrt5 r) (x_k - x'_k)^2 / l_k^2; this returns the factor before the
    /// per-coordinate term so the caller multiplies by (x_k - x'_k)^2 / l_k^2 itself.
    /// </summary>
    public static double LengthScaleGradientFactor(double r2, double signalVariance)
    {
        var r = Math.Sqrt(r2);
        return signalVariance * (5.0 / 3.0) * (1 + (Sqrt5 * r)) * Math.Exp(-Sqrt5 * r);
    }

    public static double ScaledSquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> inverseSquaredLengthScales)
    {
        var sum = 0.0;
        for (var k = 0; k < a.Length; k++)
        {
            var d = a[k] - b[k];
            sum += d * d * inverseSquaredLengthScales[k];
        }

        return sum;
    }
}
