using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Hosting.Capture;
using Sagebrush.Core.Storage.Objects;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Hosting.Capture;

/// <summary>A real disk object store in a temp dir with a capture bucket, and helpers to read back what was captured.</summary>
public sealed class CaptureScope : IDisposable
{
    public const string Bucket = "capture-bucket";

    private readonly TempDirectory directory = new();

    public CaptureScope()
    {
        Store = new DiskObjectStore(directory.File("objects"), Time);
    }

    public ManualTimeProvider Time { get; } = new(Invocations.Noon);

    public DiskObjectStore Store { get; }

    public RecordingLogger Logger { get; } = new();

    public static DataCaptureSettings Settings(
        int percentage = 100,
        string destination = $"s3://{Bucket}/monitoring/capture",
        string[]? modes = null,
        string[]? csv = null,
        string[]? json = null) =>
        DataCaptureSettings.From(true, percentage, destination, modes ?? ["Input", "Output"], csv ?? ["text/csv"], json ?? ["application/json"]);

    public async Task<DataCaptureWriter> WriterAsync(DataCaptureSettings? settings = null, DataCaptureWriterOptions? options = null, bool createBucket = true)
    {
        if (createBucket)
        {
            await Store.CreateBucketAsync(Bucket);
        }

        return DataCaptureWriter.Create(settings ?? Settings(), "ep", Store, Time, (options ?? new DataCaptureWriterOptions { Seed = 7 }) with { Logger = Logger });
    }

    public async Task<IReadOnlyList<string>> KeysAsync(string prefix = "")
    {
        var listing = await Store.ListObjectsAsync(Bucket, new ListObjectsQuery(prefix));
        return listing.Objects.Select(o => o.Key).ToList();
    }

    /// <summary>Every captured line under the bucket, parsed, in key order.</summary>
    public async Task<IReadOnlyList<JsonElement>> LinesAsync()
    {
        var lines = new List<JsonElement>();
        foreach (var key in await KeysAsync())
        {
            await using var content = await Store.GetObjectAsync(Bucket, key);
            using var reader = new StreamReader(content.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                lines.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
        }

        return lines;
    }

    public void Dispose()
    {
        Store.Dispose();
        directory.Dispose();
    }

    /// <summary>Keeps warnings so a test can count them.</summary>
    public sealed class RecordingLogger : ILogger
    {
        private readonly List<string> messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (messages)
                {
                    return [.. messages];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (messages)
            {
                messages.Add(formatter(state, exception));
            }
        }
    }
}
