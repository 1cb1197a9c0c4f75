using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Invocations;
using Sagebrush.Core.Hosting.Metrics;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Cli;

/// <summary>
/// <c>sagebrush endpoints</c> run as the real CLI beside a running server: what the server's invocation sink recorded
/// and the endpoints in its metadata store are what the command prints.
/// </summary>
public sealed class EndpointsCommandTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "sagebrush.dll");

    [Fact]
    public async Task PrintsTheMetricsTheServersSinkRecordedBesideTheRunningServer()
    {
        var account = server.Account;
        var metadata = server.Services.GetRequiredService<IMetadataStore>();
        await metadata.InsertAsync(
            new ResourceKey(account.AccountId, account.Region, EndpointOverviewReader.ResourceType, "cli-endpoint"),
            Arn.SageMaker(account, EndpointOverviewReader.ResourceType, "cli-endpoint"),
            """{"EndpointName":"cli-endpoint","EndpointStatus":"InService","ProductionVariants":[{"VariantName":"AllTraffic","CurrentInstanceCount":2}]}""");

        // The router hands every invocation to the registered sinks; the metrics sink is one of them.
        var sinks = server.Services.GetServices<IInvocationSink>().ToList();
        var metrics = Assert.Single(sinks.OfType<EndpointMetricsSink>());
        for (var i = 0; i < 7; i++)
        {
            foreach (var sink in sinks)
            {
                sink.Record(Invocation(status: i == 0 ? 424 : 200, containerStatus: i == 0 ? 500 : 200));
            }
        }

        await metrics.FlushAsync();

        var result = (await ExternalProcess.RunAsync("dotnet", [Cli, "endpoints", "--data-dir", server.DataDir, "--minutes", "3"], new Dictionary<string, string?>()))
            .EnsureSuccess();
        var row = result.StandardOutput.Split('\n').Single(line => line.StartsWith("cli-endpoint", StringComparison.Ordinal));
        var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["cli-endpoint", "InService", "AllTraffic", "2", "7", "0", "1", "2.00", "2.00", "0.30", "0.30"], cells);
        Assert.Contains("last 3 minutes", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADataDirWithoutAServerIsAClearError()
    {
        var empty = Directory.CreateTempSubdirectory("sagebrush-empty-").FullName;
        try
        {
            var result = await ExternalProcess.RunAsync("dotnet", [Cli, "endpoints", "--data-dir", empty], new Dictionary<string, string?>());
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("no endpoints yet", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    private static InvocationRecord Invocation(int status, int containerStatus) => new(
        "cli-endpoint", "AllTraffic", "i-1", 2, DateTimeOffset.UtcNow, Guid.NewGuid().ToString(), null,
        "text/csv", "text/csv", Encoding.UTF8.GetBytes("1,2"), Encoding.UTF8.GetBytes("0.5"), "text/csv",
        status, containerStatus, TimeSpan.FromMilliseconds(2), TimeSpan.FromMicroseconds(300));
}
