namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// A constant-mean Gaussian-process regression on points in [0, 1]^D with a Matern 5/2 ARD kernel and Gaussian noise,
/// conditioned on (already standardised) values. Built by <see cref="GaussianProcessFit"/>; fantasies (kriging
/// believer) add points without refitting the kernel. Holds scratch buffers: not thread-safe.
/// </summary>
internal sealed class GaussianProcess
{
    private readonly List<double[]> points;
    private readonly List<double> values;
    private readonly double[] lower;
    private readonly double[] alpha;
    private readonly double[] cross;

    private GaussianProcess(KernelParameters kernel, List<double[]> points, List<double> values, double[] lower, double[] alpha)
    {
        Kernel = kernel;
        this.points = points;
        this.values = values;
        this.lower = lower;
        this.alpha = alpha;
        cross = new double[points.Count];
    }

    public KernelParameters Kernel { get; }

    public int Count => points.Count;

    /// <summary>The posterior given the points and values under a fixed kernel, or null if the kernel matrix is not positive definite even with jitter.</summary>
    public static GaussianProcess? Condition(KernelParameters kernel, IReadOnlyList<double[]> points, IReadOnlyList<double> values)
    {
        var n = points.Count;
        var matrix = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var k = MaternKernel.FromScaledSquaredDistance(MaternKernel.ScaledSquaredDistance(points[i], points[j], kernel.InverseSquaredLengthScales), kernel.SignalVariance);
                matrix[(i * n) + j] = k;
                matrix[(j * n) + i] = k;
            }
        }

        for (var jitter = 0.0; jitter < 1; jitter = jitter == 0 ? 1e-9 : jitter * 100)
        {
            var attempt = (double[])matrix.Clone();
            for (var i = 0; i < n; i++)
            {
                attempt[(i * n) + i] += kernel.NoiseVariance + jitter;
            }

            if (Cholesky.TryDecompose(attempt, n, out var lower))
            {
                var alpha = values.Select(v => v - kernel.Mean).ToArray();
                Cholesky.SolveLower(lower, n, alpha);
                Cholesky.SolveUpper(lower, n, alpha);
                return new GaussianProcess(kernel, [.. points], [.. values], lower, alpha);
            }
        }

        return null;
    }

    /// <summary>The same kernel conditioned on one more (point, value): a pending trial or a batch member believed to score the posterior mean.</summary>
    public GaussianProcess? WithObservation(double[] point, double value) => Condition(Kernel, [.. points, point], [.. values, value]);

    /// <summary>Posterior mean and variance of the latent function at a point.</summary>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> point)
    {
        var n = points.Count;
        var mean = Kernel.Mean;
        for (var i = 0; i < n; i++)
        {
            cross[i] = MaternKernel.FromScaledSquaredDistance(MaternKernel.ScaledSquaredDistance(point, points[i], Kernel.InverseSquaredLengthScales), Kernel.SignalVariance);
            mean += cross[i] * alpha[i];
        }

        Cholesky.SolveLower(lower, n, cross);
        var explained = 0.0;
        for (var i = 0; i < n; i++)
        {
            explained += cross[i] * cross[i];
        }

        return (mean, Math.Max(Kernel.SignalVariance - explained, 1e-12));
    }
}
