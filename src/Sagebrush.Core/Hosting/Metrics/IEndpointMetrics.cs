namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>
/// Reads the per-variant invocation metrics back (for autoscaling and <c>sagebrush endpoints</c>), as CloudWatch's
/// GetMetricStatistics would for namespace AWS/SageMaker with the EndpointName and VariantName dimensions.
/// </summary>
public interface IEndpointMetrics
{
    /// <exception cref="ArgumentException">An unknown statistic, a period that is not a whole number of minutes, or an empty range.</exception>
    Task<IReadOnlyList<MetricDatapoint>> GetStatisticsAsync(EndpointMetricQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every endpoint variant with at least one sample in [from, to).</summary>
    Task<IReadOnlyList<EndpointVariant>> ListVariantsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
