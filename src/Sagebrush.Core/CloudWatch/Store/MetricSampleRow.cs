namespace Sagebrush.Core.CloudWatch.Store;

/// <summary>
/// A metric as CloudWatch identifies it: namespace, name and the exact set of dimensions (a datapoint with one more
/// dimension is another metric, as in CloudWatch).
/// </summary>
public sealed record MetricKey(string Namespace, string MetricName, IReadOnlyDictionary<string, string> Dimensions)
{
    /// <summary>The dimensions in one canonical text (sorted by name), so equal sets compare equal in the store.</summary>
    public string DimensionsKey => string.Join('\u001f', Dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}\u001e{d.Value}"));

    public static IReadOnlyDictionary<string, string> ParseDimensions(string key) =>
        key.Length == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : key.Split('\u001f').Select(p => p.Split('\u001e')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
}

/// <summary>
/// What one PutMetricData value (or statistic set) stored: its time, a sample count, sum, minimum and maximum, and the
/// value itself when it was a single value (percentiles are computed from those; a statistic set has none, as in
/// CloudWatch).
/// </summary>
public sealed record MetricSampleRow(DateTimeOffset Timestamp, double SampleCount, double Sum, double Minimum, double Maximum, double? Value, string Unit);
