namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>One period's value of a statistic; <see cref="Timestamp"/> is the start of the period.</summary>
public sealed record MetricDatapoint(DateTimeOffset Timestamp, double Value, string Unit, long SampleCount);
