namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>One metric of one endpoint variant over the minute that starts at <see cref="Minute"/>.</summary>
public sealed record MinuteAggregate(string EndpointName, string VariantName, string MetricName, DateTimeOffset Minute, MetricAggregate Aggregate);
