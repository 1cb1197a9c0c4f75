using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.Common;

/// <summary>
/// The metric lines SageMaker's built-in algorithms print and Sagebrush.Core's BuiltInAlgorithmMetrics parses:
/// <c>#quality_metric: host=algo-1, epoch=3, validation binary_classification_accuracy &lt;score&gt;=0.95</c> per epoch
/// and <c>#test_score (algo-1) : ('msd', 1.25)</c> once for the test channel.
/// </summary>
public static class MetricLog
{
    /// <summary>The host name SageMaker gives a single-instance job's only host.</summary>
    public const string Host = "algo-1";

    /// <summary><paramref name="kind"/> is <c>loss</c> (lower is better) or <c>score</c> (higher is better).</summary>
    public static void Epoch(IAlgorithmLog log, int epoch, string channel, string metric, string kind, double value)
    {
        ArgumentNullException.ThrowIfNull(log);
        log.Info($"#quality_metric: host={Host}, epoch={epoch}, {channel} {metric} <{kind}>={Format(value)}");
    }

    public static void Test(IAlgorithmLog log, string metric, double value)
    {
        ArgumentNullException.ThrowIfNull(log);
        log.Info($"#test_score ({Host}) : ('{metric}', {Format(value)})");
    }

    // As SageMaker's (Python) algorithms print them: repr of the float.
    private static string Format(double value) => PythonFloat.Repr(value);
}
