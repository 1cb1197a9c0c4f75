using System.Text.Json;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.Logs;

/// <summary>CloudWatch Logs through Debian's AWS CLI v2, the way a user types it.</summary>
public sealed class AwsCliLogsTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private readonly AwsCli aws = new(server);

    [Fact]
    public async Task EventsPutThroughTheCliComeBackThroughGetDescribeAndFilter()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        (await aws.RunAsync("logs", "create-log-group", "--log-group-name", "/cli/roundtrip")).EnsureSuccess();
        (await aws.RunAsync("logs", "create-log-stream", "--log-group-name", "/cli/roundtrip", "--log-stream-name", "job/algo-1-1")).EnsureSuccess();
        var events = JsonSerializer.Serialize(new[]
        {
            new { timestamp = now, message = "epoch 1 loss 0.9" },
            new { timestamp = now + 1, message = "ERROR loss is nan" },
            new { timestamp = now + 2, message = "epoch 2 loss 0.5" },
        });
        var put = (await aws.RunAsync("logs", "put-log-events", "--log-group-name", "/cli/roundtrip", "--log-stream-name", "job/algo-1-1",
            "--log-events", events)).EnsureSuccess();
        Assert.DoesNotContain("rejectedLogEventsInfo", put.StandardOutput, StringComparison.Ordinal);

        using var get = Json(await aws.RunAsync("logs", "get-log-events", "--log-group-name", "/cli/roundtrip", "--log-stream-name", "job/algo-1-1", "--start-from-head"));
        Assert.Equal(
            ["epoch 1 loss 0.9", "ERROR loss is nan", "epoch 2 loss 0.5"],
            get.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()));
        Assert.Equal(now, get.RootElement.GetProperty("events")[0].GetProperty("timestamp").GetInt64());
        Assert.StartsWith("f/", get.RootElement.GetProperty("nextForwardToken").GetString(), StringComparison.Ordinal);

        using var streams = Json(await aws.RunAsync("logs", "describe-log-streams", "--log-group-name", "/cli/roundtrip"));
        var stream = Assert.Single(streams.RootElement.GetProperty("logStreams").EnumerateArray());
        Assert.Equal("job/algo-1-1", stream.GetProperty("logStreamName").GetString());
        Assert.Equal(now, stream.GetProperty("firstEventTimestamp").GetInt64());
        Assert.Equal(now + 2, stream.GetProperty("lastEventTimestamp").GetInt64());

        using var filtered = Json(await aws.RunAsync("logs", "filter-log-events", "--log-group-name", "/cli/roundtrip", "--filter-pattern", "\"loss is\" ERROR"));
        var match = Assert.Single(filtered.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal("ERROR loss is nan", match.GetProperty("message").GetString());
        Assert.Equal("job/algo-1-1", match.GetProperty("logStreamName").GetString());
        Assert.False(string.IsNullOrEmpty(match.GetProperty("eventId").GetString()));
    }

    [Fact]
    public async Task DescribeLogGroupsFindsGroupsByPrefix()
    {
        (await aws.RunAsync("logs", "create-log-group", "--log-group-name", "/cli/prefix/one")).EnsureSuccess();
        (await aws.RunAsync("logs", "create-log-group", "--log-group-name", "/cli/prefix/two")).EnsureSuccess();

        using var groups = Json(await aws.RunAsync("logs", "describe-log-groups", "--log-group-name-prefix", "/cli/prefix/"));

        Assert.Equal(
            ["/cli/prefix/one", "/cli/prefix/two"],
            groups.RootElement.GetProperty("logGroups").EnumerateArray().Select(g => g.GetProperty("logGroupName").GetString()));
        Assert.Equal(
            $"arn:aws:logs:{server.Account.Region}:{server.Account.AccountId}:log-group:/cli/prefix/one:*",
            groups.RootElement.GetProperty("logGroups")[0].GetProperty("arn").GetString());
    }

    [Fact]
    public async Task AnUnknownGroupIsResourceNotFoundWithAwsMessage()
    {
        var result = await aws.RunAsync("logs", "get-log-events", "--log-group-name", "/cli/never-created", "--log-stream-name", "s");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ResourceNotFoundException", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("The specified log group does not exist.", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownStreamIsResourceNotFoundWithAwsMessage()
    {
        (await aws.RunAsync("logs", "create-log-group", "--log-group-name", "/cli/no-stream")).EnsureSuccess();

        var result = await aws.RunAsync("logs", "put-log-events", "--log-group-name", "/cli/no-stream", "--log-stream-name", "missing",
            "--log-events", $"timestamp={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},message=x");

        Assert.Contains("ResourceNotFoundException", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("The specified log stream does not exist.", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatingAGroupTwiceIsResourceAlreadyExists()
    {
        (await aws.RunAsync("logs", "create-log-group", "--log-group-name", "/cli/twice")).EnsureSuccess();

        var again = await aws.RunAsync("logs", "create-log-group", "--log-group-name", "/cli/twice");

        Assert.Contains("ResourceAlreadyExistsException", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TailPrintsAGroupsEvents()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        (await aws.RunAsync("logs", "create-log-group", "--log-group-name", "/cli/tail")).EnsureSuccess();
        (await aws.RunAsync("logs", "create-log-stream", "--log-group-name", "/cli/tail", "--log-stream-name", "s")).EnsureSuccess();
        (await aws.RunAsync("logs", "put-log-events", "--log-group-name", "/cli/tail", "--log-stream-name", "s",
            "--log-events", $"timestamp={now},message=tailed-line")).EnsureSuccess();

        var tail = (await aws.RunAsync("logs", "tail", "/cli/tail", "--since", "1h")).EnsureSuccess();

        Assert.Contains("tailed-line", tail.StandardOutput, StringComparison.Ordinal);
    }

    private static JsonDocument Json(ProcessResult result) => JsonDocument.Parse(result.EnsureSuccess().StandardOutput);
}
