using Sagebrush.Core.Hosting.Metrics;

namespace Sagebrush.Core.Tests.Hosting.Metrics;

public sealed class SqliteEndpointMetricStoreTests
{
    [Fact]
    public async Task LongerPeriodsMergeMinutesFromTheStartTime()
    {
        await using var scope = new MetricsScope();
        for (var minute = 0; minute < 10; minute++)
        {
            scope.Sink.Record(Invocations.Make(time: Invocations.Noon.AddMinutes(minute), modelMicroseconds: minute + 1));
        }

        await scope.Sink.FlushAsync();

        var query = new EndpointMetricQuery("ep", "AllTraffic", EndpointMetricNames.Invocations, MetricStatistic.Sum,
            Invocations.Noon.AddSeconds(30), Invocations.Noon.AddMinutes(10), TimeSpan.FromMinutes(5));
        var points = await scope.Store.GetStatisticsAsync(query);
        Assert.Equal([(Invocations.Noon, 5.0), (Invocations.Noon.AddMinutes(5), 5.0)], points.Select(p => (p.Timestamp, p.Value)));

        var maximum = await scope.Store.GetStatisticsAsync(query with { MetricName = EndpointMetricNames.ModelLatency, Statistic = MetricStatistic.Maximum });
        Assert.Equal([5.0, 10.0], maximum.Select(p => p.Value));
    }

    [Fact]
    public async Task TheEndTimeIsExclusiveAndEmptyPeriodsHaveNoDatapoint()
    {
        await using var scope = new MetricsScope();
        scope.Sink.Record(Invocations.Make(time: Invocations.Noon));
        scope.Sink.Record(Invocations.Make(time: Invocations.Noon.AddMinutes(3)));
        await scope.Sink.FlushAsync();

        var points = await scope.Store.GetStatisticsAsync(new EndpointMetricQuery("ep", "AllTraffic", EndpointMetricNames.Invocations,
            MetricStatistic.SampleCount, Invocations.Noon, Invocations.Noon.AddMinutes(3), TimeSpan.FromMinutes(1)));
        Assert.Equal(Invocations.Noon, Assert.Single(points).Timestamp);
    }

    [Fact]
    public async Task EndpointNamesCompareWithoutCase()
    {
        await using var scope = new MetricsScope();
        scope.Sink.Record(Invocations.Make(endpoint: "My-Endpoint"));
        await scope.Sink.FlushAsync();

        Assert.Single(await scope.QueryAsync(EndpointMetricNames.Invocations, MetricStatistic.Sum, endpoint: "my-endpoint"));
    }

    [Theory]
    [InlineData("Median", 60)]
    [InlineData("p0", 60)]
    [InlineData("p101", 60)]
    [InlineData("Sum", 0)]
    [InlineData("Sum", 30)]
    [InlineData("Sum", 90)]
    public async Task BadStatisticsAndPeriodsAreRejected(string statistic, int periodSeconds)
    {
        await using var scope = new MetricsScope();
        var query = new EndpointMetricQuery("ep", "AllTraffic", EndpointMetricNames.Invocations, statistic,
            Invocations.Noon, Invocations.Noon.AddHours(1), TimeSpan.FromSeconds(periodSeconds));
        await Assert.ThrowsAsync<ArgumentException>(() => scope.Store.GetStatisticsAsync(query));
    }

    [Fact]
    public async Task ListVariantsNamesEveryVariantWithSamplesInTheRange()
    {
        await using var scope = new MetricsScope();
        scope.Sink.Record(Invocations.Make(endpoint: "b", variant: "Two"));
        scope.Sink.Record(Invocations.Make(endpoint: "a", variant: "One"));
        scope.Sink.Record(Invocations.Make(endpoint: "old", time: Invocations.Noon.AddHours(-3)));
        await scope.Sink.FlushAsync();

        var variants = await scope.Store.ListVariantsAsync(Invocations.Noon.AddMinutes(-10), Invocations.Noon.AddMinutes(10));
        Assert.Equal([new EndpointVariant("a", "One"), new EndpointVariant("b", "Two")], variants);
    }

    [Fact]
    public async Task AReadOnlyStoreSeesWhatTheWriterFlushed()
    {
        await using var scope = new MetricsScope();
        scope.Sink.Record(Invocations.Make());
        await scope.Sink.FlushAsync();

        using var reader = SqliteEndpointMetricStore.OpenReadOnly(Path.Combine(scope.DataDir, SqliteEndpointMetricStore.FileName));
        var points = await reader.GetStatisticsAsync(new EndpointMetricQuery("ep", "AllTraffic", EndpointMetricNames.Invocations,
            MetricStatistic.Sum, Invocations.Noon, Invocations.Noon.AddMinutes(1), TimeSpan.FromMinutes(1)));
        Assert.Equal(1, Assert.Single(points).Value);
        await Assert.ThrowsAnyAsync<Exception>(() => reader.DeleteBeforeAsync(Invocations.Noon.AddDays(1)));
    }

    [Fact]
    public void OpeningAMissingFileReadOnlyFails()
    {
        Assert.Throws<FileNotFoundException>(() => SqliteEndpointMetricStore.OpenReadOnly(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".db")));
    }
}
