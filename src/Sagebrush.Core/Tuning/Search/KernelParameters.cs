namespace Sagebrush.Core.Tuning.Search;

/// <summary>The Gaussian process's hyperparameters, kept as logarithms (what the marginal-likelihood fit moves).</summary>
internal sealed class KernelParameters
{
    public KernelParameters(double[] logLengthScales, double logSignalVariance, double logNoiseVariance, double mean = 0)
    {
        Mean = mean;
        LogLengthScales = logLengthScales;
        LogSignalVariance = logSignalVariance;
        LogNoiseVariance = logNoiseVariance;
        InverseSquaredLengthScales = [.. logLengthScales.Select(l => Math.Exp(-2 * l))];
    }

    /// <summary>
    /// The constant prior mean: the generalised-least-squares estimate 1'K^-1 y / 1'K^-1 1, which counts a cluster of
    /// correlated observations (a well the search has been exploiting) about once, so unexplored regions are expected
    /// to look like the space as a whole rather than like the well.
    /// </summary>
    public double Mean { get; }

    public double[] LogLengthScales { get; }

    public double LogSignalVariance { get; }

    public double LogNoiseVariance { get; }

    public double[] InverseSquaredLengthScales { get; }

    public double SignalVariance => Math.Exp(LogSignalVariance);

    public double NoiseVariance => Math.Exp(LogNoiseVariance);

    /// <summary>All parameters as one vector: length scales, then signal, then noise.</summary>
    public double[] ToVector() => [.. LogLengthScales, LogSignalVariance, LogNoiseVariance];

    public static KernelParameters FromVector(double[] theta, double mean) => new(theta[..^2], theta[^2], theta[^1], mean);
}
