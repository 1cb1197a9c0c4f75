namespace Sagebrush.Core.Tuning.Search;

/// <summary>The Gaussian process's hyperparameters, kept as logarithms (what the marginal-likelihood fit moves).</summary>
internal sealed class KernelParameters
{
    public KernelParameters(double[] logLengthScales, double logSignalVariance, double logNoiseVariance)
    {
        LogLengthScales = logLengthScales;
        LogSignalVariance = logSignalVariance;
        LogNoiseVariance = logNoiseVariance;
        InverseSquaredLengthScales = [.. logLengthScales.Select(l => Math.Exp(-2 * l))];
    }

    public double[] LogLengthScales { get; }

    public double LogSignalVariance { get; }

    public double LogNoiseVariance { get; }

    public double[] InverseSquaredLengthScales { get; }

    public double SignalVariance => Math.Exp(LogSignalVariance);

    public double NoiseVariance => Math.Exp(LogNoiseVariance);

    /// <summary>All parameters as one vector: length scales, then signal, then noise.</summary>
    public double[] ToVector() => [.. LogLengthScales, LogSignalVariance, LogNoiseVariance];

    public static KernelParameters FromVector(double[] theta) => new(theta[..^2], theta[^2], theta[^1]);
}
