namespace Sagebrush.Core.CloudWatch;

/// <summary>GetMetricStatistics' input as CloudWatch names it (Period in seconds; EndTime exclusive).</summary>
public sealed record MetricStatisticsRequest(
    string Namespace,
    string MetricName,
    IReadOnlyDictionary<string, string> Dimensions,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    int Period,
    IReadOnlyList<string> Statistics,
    IReadOnlyList<string> ExtendedStatistics,
    string? Unit);

/// <summary>One period's statistics; <see cref="Timestamp"/> is the start of the period.</summary>
public sealed record StatisticsDatapoint(DateTimeOffset Timestamp, IReadOnlyDictionary<string, double> Statistics, IReadOnlyDictionary<string, double> ExtendedStatistics, string Unit);

/// <summary>A metric ListMetrics names: namespace, name and dimensions.</summary>
public sealed record MetricIdentity(string Namespace, string MetricName, IReadOnlyList<KeyValuePair<string, string>> Dimensions);
