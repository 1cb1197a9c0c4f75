namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>How often the metrics sink writes, how much it queues, how long minutes are kept, how often instances' utilization is sampled.</summary>
public sealed record EndpointMetricsOptions
{
    public static EndpointMetricsOptions Default { get; } = new();

    /// <summary>How often aggregated minutes are written; also the most a reader (autoscaling) lags behind.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Invocations waiting to be aggregated; beyond this they are dropped and counted, never waited for.</summary>
    public int QueueCapacity { get; init; } = 100_000;

    /// <summary>CloudWatch keeps one-minute datapoints for 15 days.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(15);

    /// <summary>SageMaker publishes instance utilization once a minute.</summary>
    public TimeSpan UtilizationInterval { get; init; } = TimeSpan.FromMinutes(1);
}
