namespace Sagebrush.Core.Training;

/// <summary>
/// Every value a job's MetricDefinitions matched in its logs, in order. DescribeTrainingJob shows only the last of
/// each (FinalMetricDataList); tuning reads whole histories.
/// </summary>
public interface IMetricHistory
{
    Task AppendAsync(string jobArn, IReadOnlyList<MetricSample> samples, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<MetricSample>> GetAsync(string jobArn, CancellationToken cancellationToken = default);

    /// <summary>Which jobs reported which metrics since <paramref name="since"/> (CloudWatch's ListMetrics reads it).</summary>
    Task<IReadOnlyList<(string JobArn, string MetricName)>> ListAsync(DateTimeOffset since, CancellationToken cancellationToken = default);
}

public sealed record MetricSample(string MetricName, double Value, DateTimeOffset Timestamp);
