using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sagebrush.Core.Hosting.Invocations;

namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>
/// The one <see cref="IInvocationSink"/> that turns every endpoint's invocations into SageMaker's per-variant
/// CloudWatch metrics (see <see cref="EndpointMetricNames"/>), aggregated per minute in memory and added to
/// <see cref="SqliteEndpointMetricStore"/> every few seconds and on dispose. <see cref="Record"/> only copies a few
/// numbers into a bounded queue: when the queue is full the invocation is dropped from the metrics and counted.
/// Not supported yet: CloudWatch's API itself (PutMetricData, GetMetricStatistics over HTTP), the instance metrics of
/// <c>/aws/sagemaker/Endpoints</c> (CPU, memory, disk), multi-model and inference-component metrics.
/// </summary>
public sealed partial class EndpointMetricsSink : IInvocationSink, IAsyncDisposable
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    private readonly SqliteEndpointMetricStore store;
    private readonly TimeProvider time;
    private readonly EndpointMetricsOptions options;
    private readonly ILogger logger;
    private readonly InvocationQueue<Observation> queue;
    private readonly Dictionary<SeriesMinute, MetricAggregate> pending = [];
    private DateTimeOffset nextPrune = DateTimeOffset.MinValue;

    public EndpointMetricsSink(SqliteEndpointMetricStore store, TimeProvider time, EndpointMetricsOptions? options = null, ILogger<EndpointMetricsSink>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        this.store = store;
        this.time = time;
        this.options = options ?? EndpointMetricsOptions.Default;
        this.logger = logger ?? NullLogger<EndpointMetricsSink>.Instance;
        queue = new InvocationQueue<Observation>(this.options.QueueCapacity, this.options.FlushInterval, time, AcceptAsync, WriteAsync);
    }

    /// <summary>Invocations left out of the metrics because the queue was full.</summary>
    public long Dropped => queue.Dropped;

    public void Record(InvocationRecord record)
    {
        if (record is null)
        {
            return;
        }

        queue.TryEnqueue(new Observation(
            record.EndpointName,
            record.VariantName,
            SqliteEndpointMetricStore.MinuteOf(record.Time),
            record.ContainerStatusCode ?? record.StatusCode,
            record.VariantInstanceCount,
            record.ContainerStatusCode is null ? null : Microseconds(record.ModelLatency),
            Microseconds(record.OverheadLatency)));
    }

    /// <summary>Writes everything recorded so far (the background loop does this every <see cref="EndpointMetricsOptions.FlushInterval"/>).</summary>
    public Task FlushAsync() => queue.FlushAsync();

    public ValueTask DisposeAsync() => queue.DisposeAsync();

    private static double Microseconds(TimeSpan latency) => Math.Max(0, latency.Ticks / (double)TimeSpan.TicksPerMicrosecond);

    private ValueTask AcceptAsync(Observation observation)
    {
        Add(observation, EndpointMetricNames.Invocations, 1);
        // A call its client abandoned (499) is neither: the endpoint was not the one that failed it.
        Add(observation, EndpointMetricNames.Invocation4XXErrors, observation.StatusCode is >= 400 and < 500 and not Routing.EndpointRouter.AbandonedStatus ? 1 : 0);
        Add(observation, EndpointMetricNames.Invocation5XXErrors, observation.StatusCode >= 500 ? 1 : 0);
        Add(observation, EndpointMetricNames.InvocationsPerInstance, 1.0 / Math.Max(1, observation.InstanceCount));
        if (observation.ModelLatency is { } model)
        {
            Add(observation, EndpointMetricNames.ModelLatency, model);
        }

        Add(observation, EndpointMetricNames.OverheadLatency, observation.OverheadLatency);
        return ValueTask.CompletedTask;
    }

    private void Add(Observation observation, string metric, double value)
    {
        var key = new SeriesMinute(observation.EndpointName, observation.VariantName, metric, observation.Minute);
        if (!pending.TryGetValue(key, out var aggregate))
        {
            aggregate = new MetricAggregate();
            pending[key] = aggregate;
        }

        aggregate.Add(value);
    }

    private async ValueTask WriteAsync()
    {
        if (pending.Count > 0)
        {
            var minutes = pending
                .Select(entry => new MinuteAggregate(
                    entry.Key.EndpointName, entry.Key.VariantName, entry.Key.MetricName,
                    DateTimeOffset.FromUnixTimeSeconds(entry.Key.Minute), entry.Value))
                .ToList();
            pending.Clear();
            try
            {
                await store.AddAsync(minutes);
            }
            catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                // A full or locked disk loses these seconds of metrics, never an invocation.
                LogWriteFailed(logger, exception, minutes.Count);
            }
        }

        await PruneAsync();
    }

    private async ValueTask PruneAsync()
    {
        var now = time.GetUtcNow();
        if (now < nextPrune)
        {
            return;
        }

        nextPrune = now + PruneInterval;
        try
        {
            await store.DeleteBeforeAsync(now - options.Retention);
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            LogWriteFailed(logger, exception, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoint metrics: could not write {MinuteCount} aggregated minutes; they are dropped")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int minuteCount);

    private readonly record struct Observation(
        string EndpointName, string VariantName, long Minute, int StatusCode, int InstanceCount, double? ModelLatency, double OverheadLatency);

    private readonly record struct SeriesMinute(string EndpointName, string VariantName, string MetricName, long Minute);
}
