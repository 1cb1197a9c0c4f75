namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>
/// GetMetricStatistics for one endpoint variant's metric: datapoints of <see cref="Statistic"/> over periods of
/// <see cref="Period"/> (a whole number of minutes), the first starting at <see cref="StartTime"/> rounded down to
/// the minute; <see cref="EndTime"/> is exclusive. Periods without samples have no datapoint, as in CloudWatch.
/// </summary>
public sealed record EndpointMetricQuery(
    string EndpointName,
    string VariantName,
    string MetricName,
    string Statistic,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    TimeSpan Period);
