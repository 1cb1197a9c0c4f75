namespace Sagebrush.Core.CloudWatch.Store;

/// <summary>
/// The datapoints CloudWatch keeps for metrics Sagebrush does not derive from elsewhere: custom metrics from
/// PutMetricData and the per-instance utilization of endpoints (<c>/aws/sagemaker/Endpoints</c>).
/// </summary>
public interface IMetricStore
{
    Task PutAsync(MetricKey key, IReadOnlyList<MetricSampleRow> samples, CancellationToken cancellationToken = default);

    /// <summary>The samples of exactly this metric with StartTime &lt;= Timestamp &lt; EndTime, oldest first.</summary>
    Task<IReadOnlyList<MetricSampleRow>> QueryAsync(MetricKey key, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default);

    /// <summary>The metrics with a sample since <paramref name="since"/>, in <paramref name="metricNamespace"/> if given.</summary>
    Task<IReadOnlyList<MetricKey>> ListAsync(string? metricNamespace, DateTimeOffset since, CancellationToken cancellationToken = default);
}
