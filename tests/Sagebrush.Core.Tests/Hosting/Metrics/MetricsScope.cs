using Sagebrush.Core.Hosting.Metrics;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Hosting.Metrics;

/// <summary>A metrics store in a temp dir and the sink that feeds it, for one test.</summary>
public sealed class MetricsScope : IAsyncDisposable
{
    private readonly TempDirectory directory = new();

    public MetricsScope(EndpointMetricsOptions? options = null)
    {
        Store = SqliteEndpointMetricStore.InDataDir(directory.Path);
        Sink = new EndpointMetricsSink(Store, Time, options);
    }

    public string DataDir => directory.Path;

    public ManualTimeProvider Time { get; } = new(Invocations.Noon);

    public SqliteEndpointMetricStore Store { get; }

    public EndpointMetricsSink Sink { get; }

    public async Task<IReadOnlyList<MetricDatapoint>> QueryAsync(
        string metric, string statistic, int periodMinutes = 1, string endpoint = "ep", string variant = "AllTraffic") =>
        await Store.GetStatisticsAsync(new EndpointMetricQuery(
            endpoint, variant, metric, statistic, Invocations.Noon.AddHours(-1), Invocations.Noon.AddHours(1), TimeSpan.FromMinutes(periodMinutes)));

    public async Task<double> SingleAsync(string metric, string statistic, int periodMinutes = 120) =>
        Assert.Single(await QueryAsync(metric, statistic, periodMinutes)).Value;

    public async ValueTask DisposeAsync()
    {
        await Sink.DisposeAsync();
        Store.Dispose();
        directory.Dispose();
    }
}
