using Sagebrush.Core.Hosting.Metrics;

namespace Sagebrush.Core.Tests.Hosting.Metrics;

public sealed class EndpointMetricsSinkTests
{
    [Fact]
    public async Task InvocationsAreCountedPerMinuteAndVariant()
    {
        await using var scope = new MetricsScope();
        for (var i = 0; i < 5; i++)
        {
            scope.Sink.Record(Invocations.Make(time: Invocations.Noon.AddSeconds(i)));
        }

        for (var i = 0; i < 3; i++)
        {
            scope.Sink.Record(Invocations.Make(time: Invocations.Noon.AddMinutes(1).AddSeconds(59)));
        }

        scope.Sink.Record(Invocations.Make(variant: "Canary"));
        await scope.Sink.FlushAsync();

        var perMinute = await scope.QueryAsync(EndpointMetricNames.Invocations, MetricStatistic.Sum);
        Assert.Equal([(Invocations.Noon, 5.0), (Invocations.Noon.AddMinutes(1), 3.0)], perMinute.Select(p => (p.Timestamp, p.Value)));
        Assert.All(perMinute, p => Assert.Equal("None", p.Unit));
        var canary = await scope.QueryAsync(EndpointMetricNames.Invocations, MetricStatistic.Sum, variant: "Canary");
        Assert.Equal(1, Assert.Single(canary).Value);
    }

    [Fact]
    public async Task ErrorsCountTheModelsStatusAndAverageToTheErrorRate()
    {
        await using var scope = new MetricsScope();
        scope.Sink.Record(Invocations.Make());
        scope.Sink.Record(Invocations.Make());
        scope.Sink.Record(Invocations.Make(status: 424, containerStatus: 400));
        scope.Sink.Record(Invocations.Make(status: 424, containerStatus: 500));
        scope.Sink.Record(Invocations.Make(status: 424, containerStatus: 503));
        // No instance answered: the status the caller got decides.
        scope.Sink.Record(Invocations.Make(status: 503, containerStatus: null));
        await scope.Sink.FlushAsync();

        Assert.Equal(6, await scope.SingleAsync(EndpointMetricNames.Invocations, MetricStatistic.Sum));
        Assert.Equal(1, await scope.SingleAsync(EndpointMetricNames.Invocation4XXErrors, MetricStatistic.Sum));
        Assert.Equal(3, await scope.SingleAsync(EndpointMetricNames.Invocation5XXErrors, MetricStatistic.Sum));
        Assert.Equal(0.5, await scope.SingleAsync(EndpointMetricNames.Invocation5XXErrors, MetricStatistic.Average));
        Assert.Equal(6, await scope.SingleAsync(EndpointMetricNames.Invocation4XXErrors, MetricStatistic.SampleCount));
    }

    [Fact]
    public async Task InvocationsPerInstanceSumsOneOverTheInstanceCount()
    {
        await using var scope = new MetricsScope();
        for (var i = 0; i < 8; i++)
        {
            scope.Sink.Record(Invocations.Make(instances: 4));
        }

        scope.Sink.Record(Invocations.Make(instances: 2));
        await scope.Sink.FlushAsync();

        Assert.Equal(2.5, await scope.SingleAsync(EndpointMetricNames.InvocationsPerInstance, MetricStatistic.Sum), 9);
    }

    [Fact]
    public async Task LatenciesAreInMicrosecondsWithCloudWatchsStatistics()
    {
        await using var scope = new MetricsScope();
        for (var i = 1; i <= 100; i++)
        {
            scope.Sink.Record(Invocations.Make(modelMicroseconds: i * 100, overheadMicroseconds: i));
        }

        await scope.Sink.FlushAsync();

        var model = EndpointMetricNames.ModelLatency;
        Assert.Equal(100, await scope.SingleAsync(model, MetricStatistic.SampleCount));
        Assert.Equal(505_000, await scope.SingleAsync(model, MetricStatistic.Sum), 6);
        Assert.Equal(5_050, await scope.SingleAsync(model, MetricStatistic.Average), 6);
        Assert.Equal(100, await scope.SingleAsync(model, MetricStatistic.Minimum), 6);
        Assert.Equal(10_000, await scope.SingleAsync(model, MetricStatistic.Maximum), 6);
        Assert.InRange(await scope.SingleAsync(model, "p50"), 5_000 * 0.98, 5_000 * 1.02);
        Assert.InRange(await scope.SingleAsync(model, "p99"), 9_900 * 0.98, 9_900 * 1.02);
        Assert.Equal(10_000, await scope.SingleAsync(model, "p100"), 6);
        Assert.Equal(50.5, await scope.SingleAsync(EndpointMetricNames.OverheadLatency, MetricStatistic.Average), 6);
        Assert.Equal("Microseconds", Assert.Single(await scope.QueryAsync(model, MetricStatistic.Average, 120)).Unit);
    }

    [Fact]
    public async Task ModelLatencyIsLeftOutWhenNoInstanceAnswered()
    {
        await using var scope = new MetricsScope();
        scope.Sink.Record(Invocations.Make(modelMicroseconds: 500));
        scope.Sink.Record(Invocations.Make(status: 503, containerStatus: null, modelMicroseconds: 0, overheadMicroseconds: 40));
        await scope.Sink.FlushAsync();

        Assert.Equal(1, await scope.SingleAsync(EndpointMetricNames.ModelLatency, MetricStatistic.SampleCount));
        Assert.Equal(2, await scope.SingleAsync(EndpointMetricNames.OverheadLatency, MetricStatistic.SampleCount));
    }

    [Fact]
    public async Task AMinuteFlushedTwiceIsMergedNotReplaced()
    {
        await using var scope = new MetricsScope();
        scope.Sink.Record(Invocations.Make(modelMicroseconds: 10));
        await scope.Sink.FlushAsync();
        scope.Sink.Record(Invocations.Make(modelMicroseconds: 30));
        scope.Sink.Record(Invocations.Make(modelMicroseconds: 20));
        await scope.Sink.FlushAsync();

        Assert.Equal(3, await scope.SingleAsync(EndpointMetricNames.Invocations, MetricStatistic.Sum));
        Assert.Equal(10, await scope.SingleAsync(EndpointMetricNames.ModelLatency, MetricStatistic.Minimum), 6);
        Assert.Equal(30, await scope.SingleAsync(EndpointMetricNames.ModelLatency, MetricStatistic.Maximum), 6);
        Assert.InRange(await scope.SingleAsync(EndpointMetricNames.ModelLatency, "p50"), 19.6, 20.4);
    }

    [Fact]
    public async Task DisposingFlushesWhatIsStillQueued()
    {
        await using var scope = new MetricsScope();
        scope.Sink.Record(Invocations.Make());
        scope.Sink.Record(Invocations.Make());
        await scope.Sink.DisposeAsync();

        Assert.Equal(2, await scope.SingleAsync(EndpointMetricNames.Invocations, MetricStatistic.Sum));
    }

    [Fact]
    public async Task TheBackgroundLoopFlushesWithoutBeingAsked()
    {
        await using var scope = new MetricsScope(new EndpointMetricsOptions { FlushInterval = TimeSpan.FromMilliseconds(50) });
        scope.Sink.Record(Invocations.Make());

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await scope.QueryAsync(EndpointMetricNames.Invocations, MetricStatistic.Sum)).Count == 0)
        {
            await Task.Delay(20, limit.Token);
        }
    }

    [Fact]
    public async Task AFullQueueDropsAndCountsInsteadOfBlocking()
    {
        await using var scope = new MetricsScope(new EndpointMetricsOptions { QueueCapacity = 4 });
        const int calls = 5_000;
        for (var i = 0; i < calls; i++)
        {
            scope.Sink.Record(Invocations.Make());
        }

        await scope.Sink.FlushAsync();

        var stored = (await scope.QueryAsync(EndpointMetricNames.Invocations, MetricStatistic.Sum)).Sum(p => p.Value);
        Assert.True(scope.Sink.Dropped > 0, "a queue of 4 should have overflowed");
        Assert.Equal(calls, stored + scope.Sink.Dropped);
    }

    [Fact]
    public async Task RecordingAfterDisposeIsDroppedWithoutThrowing()
    {
        await using var scope = new MetricsScope();
        await scope.Sink.DisposeAsync();
        scope.Sink.Record(Invocations.Make());
        scope.Sink.Record(null!);
        await scope.Sink.FlushAsync();
        await scope.Sink.DisposeAsync();
        Assert.Equal(1, scope.Sink.Dropped);
    }

    [Fact]
    public async Task MinutesOlderThanTheRetentionArePruned()
    {
        await using var scope = new MetricsScope(new EndpointMetricsOptions { Retention = TimeSpan.FromMinutes(30) });
        scope.Sink.Record(Invocations.Make(time: Invocations.Noon.AddMinutes(-45)));
        scope.Sink.Record(Invocations.Make(time: Invocations.Noon.AddMinutes(-5)));
        await scope.Sink.FlushAsync();
        await scope.Sink.FlushAsync();

        var left = await scope.QueryAsync(EndpointMetricNames.Invocations, MetricStatistic.Sum);
        Assert.Equal(Invocations.Noon.AddMinutes(-5), Assert.Single(left).Timestamp);
    }
}
