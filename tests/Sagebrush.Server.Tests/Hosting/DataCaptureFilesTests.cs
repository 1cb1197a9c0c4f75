using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sagebrush.Core.Hosting.Capture;
using Sagebrush.Core.Hosting.Invocations;
using Sagebrush.Core.Storage.Objects;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Hosting;

/// <summary>What a capture writer puts in the server's object store is what the AWS CLI lists and downloads.</summary>
public sealed class DataCaptureFilesTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    [Fact]
    public async Task TheAwsCliListsAndDownloadsCapturedLines()
    {
        var aws = new AwsCli(server);
        (await aws.RunAsync("s3", "mb", "s3://capture-cli")).EnsureSuccess();
        var settings = DataCaptureSettings.From(true, 100, "s3://capture-cli/datacapture", ["Input", "Output"], ["text/csv"], ["application/json"]);
        await using (var writer = DataCaptureWriter.Create(settings, "cli-ep", server.Services.GetRequiredService<IObjectStore>(), TimeProvider.System))
        {
            for (var i = 0; i < 5; i++)
            {
                writer.Record(new InvocationRecord(
                    "cli-ep", "AllTraffic", "i-1", 1, new DateTimeOffset(2025, 6, 7, 8, 9, 10, TimeSpan.Zero).AddSeconds(i), Guid.NewGuid().ToString(), $"id-{i}",
                    "text/csv", "application/json", Encoding.UTF8.GetBytes($"{i},1,2"), Encoding.UTF8.GetBytes($"{{\"score\":{i}}}"),
                    "application/json", 200, 200, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(0.1)));
            }
        }

        var listing = (await aws.RunAsync("s3", "ls", "--recursive", "s3://capture-cli/datacapture/cli-ep/AllTraffic/")).EnsureSuccess().StandardOutput;
        var key = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single().Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Matches(@"^datacapture/cli-ep/AllTraffic/2025/06/07/08/09-10-000-[0-9a-f-]{36}\.jsonl$", key);

        var text = (await aws.RunAsync("s3", "cp", $"s3://capture-cli/{key}", "-")).EnsureSuccess().StandardOutput;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(5, lines.Count);
        Assert.Equal(
            Enumerable.Range(0, 5).Select(i => $"{i},1,2"),
            lines.Select(l => l.GetProperty("captureData").GetProperty("endpointInput").GetProperty("data").GetString()));
        Assert.All(lines, l => Assert.Equal("JSON", l.GetProperty("captureData").GetProperty("endpointOutput").GetProperty("encoding").GetString()));
    }
}
