using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sagebrush.Core.Logs;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.Logs;

/// <summary>What a training job writes through <see cref="ILogStore"/> is what the AWS CLI and `sagebrush logs` read.</summary>
public sealed class LogStoreWriteThroughTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private const string Group = "/aws/sagemaker/TrainingJobs";

    private readonly AwsCli aws = new(server);

    [Fact]
    public async Task EventsAppendedThroughILogStoreAreReadByGetLogEvents()
    {
        var logStore = server.Services.GetRequiredService<ILogStore>();
        var start = DateTimeOffset.UtcNow;
        await logStore.EnsureStreamAsync(Group, "written-job/algo-1-1700000000");
        await logStore.AppendAsync(Group, "written-job/algo-1-1700000000",
        [
            new LogEvent(start, "Invoking script with the following command:"),
            new LogEvent(start.AddMilliseconds(5), "epoch 1: loss 0.42"),
        ]);

        var result = (await aws.RunAsync("logs", "get-log-events", "--log-group-name", Group,
            "--log-stream-name", "written-job/algo-1-1700000000", "--start-from-head")).EnsureSuccess();

        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(
            ["Invoking script with the following command:", "epoch 1: loss 0.42"],
            json.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()));
        Assert.Equal(start.ToUnixTimeMilliseconds(), json.RootElement.GetProperty("events")[0].GetProperty("timestamp").GetInt64());
    }

    [Fact]
    public async Task SagebrushLogsPrintsAJobsStreamsInTimeOrderWithTheirHosts()
    {
        var logStore = server.Services.GetRequiredService<ILogStore>();
        var start = DateTimeOffset.UtcNow;
        await logStore.AppendAsync(Group, "cli-job/algo-1-1700000000", [new LogEvent(start, "one"), new LogEvent(start.AddSeconds(2), "three")]);
        await logStore.AppendAsync(Group, "cli-job/algo-2-1700000000", [new LogEvent(start.AddSeconds(1), "two")]);
        await logStore.AppendAsync(Group, "other-job/algo-1-1700000000", [new LogEvent(start, "not this job")]);

        var result = (await ExternalProcess.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "sagebrush.dll"), "logs", "cli-job", "--data-dir", server.DataDir],
            new Dictionary<string, string?>())).EnsureSuccess();

        Assert.Equal(["[algo-1] one", "[algo-2] two", "[algo-1] three"], result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
