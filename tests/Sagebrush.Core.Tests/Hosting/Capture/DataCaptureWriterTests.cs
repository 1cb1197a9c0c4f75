using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sagebrush.Core.Hosting.Capture;

namespace Sagebrush.Core.Tests.Hosting.Capture;

public sealed partial class DataCaptureWriterTests
{
    [Fact]
    public async Task FilesLandUnderEndpointVariantAndHourWithSageMakersName()
    {
        using var scope = new CaptureScope();
        await using (var writer = await scope.WriterAsync())
        {
            writer.Record(Invocations.Make(time: new DateTimeOffset(2025, 3, 4, 12, 34, 56, 789, TimeSpan.Zero)));
            writer.Record(Invocations.Make(variant: "Canary", time: new DateTimeOffset(2025, 3, 4, 13, 0, 1, 2, TimeSpan.Zero)));
        }

        var keys = await scope.KeysAsync();
        Assert.Equal(2, keys.Count);
        Assert.Matches(KeyPattern("AllTraffic", "2025/03/04/12", "34-56-789"), keys.Single(k => k.Contains("AllTraffic", StringComparison.Ordinal)));
        Assert.Matches(KeyPattern("Canary", "2025/03/04/13", "00-01-002"), keys.Single(k => k.Contains("Canary", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task LinesHaveSageMakersCaptureFormat()
    {
        using var scope = new CaptureScope();
        await using (var writer = await scope.WriterAsync())
        {
            writer.Record(Invocations.Make(
                eventId: "4651a1bf-4b00-4248-a309-4a18b11e4277", inferenceId: "order-17",
                time: new DateTimeOffset(2025, 3, 4, 12, 34, 56, 789, TimeSpan.Zero),
                input: "6,148,72\n", output: "0.85"));
        }

        var line = Assert.Single(await scope.LinesAsync());
        var input = line.GetProperty("captureData").GetProperty("endpointInput");
        Assert.Equal("text/csv", input.GetProperty("observedContentType").GetString());
        Assert.Equal("INPUT", input.GetProperty("mode").GetString());
        Assert.Equal("6,148,72\n", input.GetProperty("data").GetString());
        Assert.Equal("CSV", input.GetProperty("encoding").GetString());
        var output = line.GetProperty("captureData").GetProperty("endpointOutput");
        Assert.Equal("text/csv; charset=utf-8", output.GetProperty("observedContentType").GetString());
        Assert.Equal("OUTPUT", output.GetProperty("mode").GetString());
        Assert.Equal("0.85", output.GetProperty("data").GetString());
        Assert.Equal("CSV", output.GetProperty("encoding").GetString());
        var metadata = line.GetProperty("eventMetadata");
        Assert.Equal("4651a1bf-4b00-4248-a309-4a18b11e4277", metadata.GetProperty("eventId").GetString());
        Assert.Equal("order-17", metadata.GetProperty("inferenceId").GetString());
        Assert.Equal("2025-03-04T12:34:56Z", metadata.GetProperty("inferenceTime").GetString());
        Assert.Equal("0", line.GetProperty("eventVersion").GetString());
    }

    [Fact]
    public async Task ContentTypesChooseCsvJsonOrBase64()
    {
        using var scope = new CaptureScope();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0xFF };
        await using (var writer = await scope.WriterAsync())
        {
            writer.Record(Invocations.Make(time: Invocations.Noon.AddSeconds(1), contentType: "application/json", input: "{\"instances\":[1]}",
                outputContentType: "application/json", output: "{\"predictions\":[0.5]}"));
            writer.Record(Invocations.Make(time: Invocations.Noon.AddSeconds(2), contentType: "application/x-npy", input: "npy",
                outputContentType: null, output: "raw"));
            writer.Record(Invocations.Make(time: Invocations.Noon.AddSeconds(3), contentType: "TEXT/CSV; charset=utf-8") with { Input = png });
        }

        var lines = (await scope.LinesAsync()).OrderBy(l => l.GetProperty("eventMetadata").GetProperty("inferenceTime").GetString(), StringComparer.Ordinal).ToList();
        Assert.Equal(3, lines.Count);
        var json = lines[0].GetProperty("captureData");
        Assert.Equal("JSON", json.GetProperty("endpointInput").GetProperty("encoding").GetString());
        Assert.Equal("{\"instances\":[1]}", json.GetProperty("endpointInput").GetProperty("data").GetString());
        Assert.Equal("JSON", json.GetProperty("endpointOutput").GetProperty("encoding").GetString());

        var unknown = lines[1].GetProperty("captureData");
        Assert.Equal("BASE64", unknown.GetProperty("endpointInput").GetProperty("encoding").GetString());
        Assert.Equal("npy", Encoding.UTF8.GetString(unknown.GetProperty("endpointInput").GetProperty("data").GetBytesFromBase64()));
        Assert.Equal("BASE64", unknown.GetProperty("endpointOutput").GetProperty("encoding").GetString());
        Assert.False(unknown.GetProperty("endpointOutput").TryGetProperty("observedContentType", out _));

        // A CSV content type whose bytes are not UTF-8 text is kept exactly, as base64.
        var binary = lines[2].GetProperty("captureData").GetProperty("endpointInput");
        Assert.Equal("BASE64", binary.GetProperty("encoding").GetString());
        Assert.Equal(png, binary.GetProperty("data").GetBytesFromBase64());
    }

    [Fact]
    public async Task WithoutContentTypeHeadersEverythingIsBase64()
    {
        using var scope = new CaptureScope();
        var settings = DataCaptureSettings.From(null, 100, $"s3://{CaptureScope.Bucket}", ["Input"]);
        await using (var writer = await scope.WriterAsync(settings))
        {
            writer.Record(Invocations.Make(input: "1,2"));
        }

        var input = Assert.Single(await scope.LinesAsync()).GetProperty("captureData").GetProperty("endpointInput");
        Assert.Equal("BASE64", input.GetProperty("encoding").GetString());
        Assert.Equal("1,2", Encoding.UTF8.GetString(input.GetProperty("data").GetBytesFromBase64()));
        Assert.StartsWith("ep/AllTraffic/", Assert.Single(await scope.KeysAsync()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Input", true, false)]
    [InlineData("Output", false, true)]
    public async Task OneCaptureModeWritesOnlyItsSide(string mode, bool input, bool output)
    {
        using var scope = new CaptureScope();
        await using (var writer = await scope.WriterAsync(CaptureScope.Settings(modes: [mode])))
        {
            writer.Record(Invocations.Make());
        }

        var data = Assert.Single(await scope.LinesAsync()).GetProperty("captureData");
        Assert.Equal(input, data.TryGetProperty("endpointInput", out _));
        Assert.Equal(output, data.TryGetProperty("endpointOutput", out _));
    }

    [Fact]
    public async Task SamplingCapturesThePercentageDrawnFromTheSeed()
    {
        using var scope = new CaptureScope();
        const int calls = 2_000;
        const int percentage = 30;
        await using (var writer = await scope.WriterAsync(CaptureScope.Settings(percentage), new DataCaptureWriterOptions { Seed = 11 }))
        {
            for (var i = 0; i < calls; i++)
            {
                writer.Record(Invocations.Make(time: Invocations.Noon.AddMilliseconds(i)));
            }
        }

        var replay = new Random(11);
        var expected = Enumerable.Range(0, calls).Count(_ => replay.Next(100) < percentage);
        var captured = (await scope.LinesAsync()).Count;
        Assert.Equal(expected, captured);
        Assert.InRange(captured, calls * 0.25, calls * 0.35);
    }

    [Fact]
    public async Task NothingIsCapturedAtZeroPercentOrWhenDisabled()
    {
        using var scope = new CaptureScope();
        var disabled = DataCaptureSettings.From(false, 100, $"s3://{CaptureScope.Bucket}/x", ["Input"]);
        await using (var zero = await scope.WriterAsync(CaptureScope.Settings(0)))
        await using (var off = DataCaptureWriter.Create(disabled, "ep", scope.Store, scope.Time))
        {
            Assert.False(zero.IsCapturing);
            Assert.False(off.IsCapturing);
            zero.Record(Invocations.Make());
            off.Record(Invocations.Make());
        }

        Assert.Empty(await scope.KeysAsync());
    }

    [Fact]
    public async Task FailedInvocationsAreNotCaptured()
    {
        using var scope = new CaptureScope();
        await using (var writer = await scope.WriterAsync())
        {
            writer.Record(Invocations.Make(status: 424, containerStatus: 500));
            writer.Record(Invocations.Make(eventId: "ok"));
        }

        Assert.Equal("ok", Assert.Single(await scope.LinesAsync()).GetProperty("eventMetadata").GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task AFileIsWrittenWhenItReachesItsSize()
    {
        using var scope = new CaptureScope();
        await using var writer = await scope.WriterAsync(options: new DataCaptureWriterOptions { MaxFileBytes = 2_000, Seed = 1 });
        for (var i = 0; i < 50; i++)
        {
            writer.Record(Invocations.Make(time: Invocations.Noon.AddMilliseconds(i)));
        }

        await writer.FlushAsync();
        Assert.True((await scope.KeysAsync()).Count > 1);
        Assert.Equal(50, (await scope.LinesAsync()).Count);
        Assert.Equal(50, writer.Written);
    }

    [Fact]
    public async Task TheBackgroundLoopWritesWithoutBeingAsked()
    {
        using var scope = new CaptureScope();
        await using var writer = await scope.WriterAsync(options: new DataCaptureWriterOptions { FlushInterval = TimeSpan.FromMilliseconds(50) });
        writer.Record(Invocations.Make());

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await scope.KeysAsync()).Count == 0)
        {
            await Task.Delay(20, limit.Token);
        }
    }

    [Fact]
    public async Task AMissingBucketDropsRecordsAndWarnsOnce()
    {
        using var scope = new CaptureScope();
        await using var writer = await scope.WriterAsync(createBucket: false);
        for (var i = 0; i < 3; i++)
        {
            writer.Record(Invocations.Make());
            await writer.FlushAsync();
        }

        Assert.Equal(3, writer.Dropped);
        Assert.Equal(0, writer.Written);
        Assert.Contains(CaptureScope.Bucket, Assert.Single(scope.Logger.Messages), StringComparison.Ordinal);

        // Once the bucket exists, capture resumes.
        await scope.Store.CreateBucketAsync(CaptureScope.Bucket);
        writer.Record(Invocations.Make());
        await writer.FlushAsync();
        Assert.Equal(1, writer.Written);
    }

    [Fact]
    public async Task AFullQueueDropsInsteadOfBlocking()
    {
        using var scope = new CaptureScope();
        await using var writer = await scope.WriterAsync(options: new DataCaptureWriterOptions { MaxQueuedBytes = 100, Seed = 3 });
        var large = new string('x', 200);
        writer.Record(Invocations.Make(input: large));
        writer.Record(Invocations.Make());
        await writer.FlushAsync();

        Assert.Equal(1, writer.Dropped);
        Assert.Equal(1, writer.Written);
    }

    private static Regex KeyPattern(string variant, string hour, string minuteSecondMillisecond) => new(
        string.Create(CultureInfo.InvariantCulture, $"^monitoring/capture/ep/{variant}/{hour}/{minuteSecondMillisecond}-{Uuid()}\\.jsonl$"));

    private static string Uuid() => "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
}
