using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Invocations;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Hosting.Capture;

/// <summary>
/// One endpoint's data capture: an <see cref="IInvocationSink"/> that samples InitialSamplingPercentage of the
/// endpoint's successful invocations and writes them as JSON Lines in SageMaker's capture format
/// (<see cref="CaptureLineWriter"/>) to <c>&lt;DestinationS3Uri&gt;/&lt;endpoint&gt;/&lt;variant&gt;/yyyy/mm/dd/hh/
/// &lt;mm-ss-sss&gt;-&lt;uuid&gt;.jsonl</c>, the time being the first line's inference time (UTC). A file is written every
/// few seconds, when it reaches its size, and on dispose. Capturing never blocks or fails an invocation: sampling is
/// one random draw under a short lock, the rest happens in the background, and when the queue is full, the bucket is missing
/// or a write fails, the records are dropped and counted (a warning is logged once per kind of failure).
/// Not supported yet: KMS encryption of the files, capturing failed invocations, the async-inference capture format,
/// https:// destinations, and changing the sampling of a running endpoint (UpdateEndpoint makes a new writer).
/// </summary>
public sealed partial class DataCaptureWriter : IInvocationSink, IAsyncDisposable
{
    private readonly DataCaptureSettings settings;
    private readonly string endpointName;
    private readonly IObjectStore store;
    private readonly S3Location destination;
    private readonly DataCaptureWriterOptions options;
    private readonly ILogger logger;
    private readonly Random sampler;
    private readonly Lock samplerLock = new();
    private readonly InvocationQueue<InvocationRecord>? queue;
    private readonly Dictionary<(string Variant, long Hour), Batch> batches = [];
    private long queuedBytes;
    private long dropped;
    private long written;
    private string? lastFailure;

    private DataCaptureWriter(DataCaptureSettings settings, string endpointName, IObjectStore store, TimeProvider time, DataCaptureWriterOptions options)
    {
        this.settings = settings;
        this.endpointName = endpointName;
        this.store = store;
        this.options = options;
        destination = S3Location.Parse(settings.DestinationS3Uri);
        logger = options.Logger ?? NullLogger.Instance;
        sampler = options.Seed is { } seed ? new Random(seed) : new Random();
        if (IsCapturing)
        {
            queue = new InvocationQueue<InvocationRecord>(options.QueueCapacity, options.FlushInterval, time, AcceptAsync, FlushBatchesAsync);
        }
    }

    /// <summary>False when capture is disabled, samples 0%, or captures neither input nor output: Record does nothing.</summary>
    public bool IsCapturing => settings.EnableCapture && settings.InitialSamplingPercentage > 0 && (settings.CaptureInput || settings.CaptureOutput);

    /// <summary>Sampled invocations that were not written: the queue was full, the bucket missing, or a write failed.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Lines written to the object store so far.</summary>
    public long Written => Interlocked.Read(ref written);

    public static DataCaptureWriter Create(
        DataCaptureSettings settings, string endpointName, IObjectStore store, TimeProvider time, DataCaptureWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(endpointName);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        return new DataCaptureWriter(settings, endpointName, store, time, options ?? DataCaptureWriterOptions.Default);
    }

    public void Record(InvocationRecord record)
    {
        // Only invocations the model answered have an output to capture; failed calls are not captured.
        if (queue is null || record is null || record.StatusCode is < 200 or >= 300 || !Sampled())
        {
            return;
        }

        // The queue holds the record's payloads until its line is written; bound their bytes as well as their count.
        var size = (long)record.Input.Length + record.Output.Length;
        if (Interlocked.Add(ref queuedBytes, size) > options.MaxQueuedBytes || !queue.TryEnqueue(record))
        {
            Interlocked.Add(ref queuedBytes, -size);
            Interlocked.Increment(ref dropped);
        }
    }

    /// <summary>Writes every line recorded so far (the background loop does this every few seconds).</summary>
    public Task FlushAsync() => queue?.FlushAsync() ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => queue?.DisposeAsync() ?? ValueTask.CompletedTask;

    private bool Sampled()
    {
        if (settings.InitialSamplingPercentage >= 100)
        {
            return true;
        }

        lock (samplerLock)
        {
            return sampler.Next(100) < settings.InitialSamplingPercentage;
        }
    }

    private async ValueTask AcceptAsync(InvocationRecord record)
    {
        Interlocked.Add(ref queuedBytes, -((long)record.Input.Length + record.Output.Length));
        var time = record.Time.ToUniversalTime();
        var hour = time.ToUnixTimeSeconds() / 3600;
        if (!batches.TryGetValue((record.VariantName, hour), out var batch))
        {
            batch = new Batch(record.VariantName, time);
            batches[(record.VariantName, hour)] = batch;
        }

        CaptureLineWriter.Write(batch.Lines, record, settings);
        batch.Count++;
        if (batch.Lines.WrittenCount >= options.MaxFileBytes)
        {
            batches.Remove((record.VariantName, hour));
            await WriteAsync(batch);
        }
    }

    private async ValueTask FlushBatchesAsync()
    {
        var pending = batches.Values.ToList();
        batches.Clear();
        foreach (var batch in pending)
        {
            await WriteAsync(batch);
        }
    }

    private async Task WriteAsync(Batch batch)
    {
        var key = KeyFor(string.Create(
            CultureInfo.InvariantCulture,
            $"{endpointName}/{batch.Variant}/{batch.FirstTime:yyyy/MM/dd/HH}/{batch.FirstTime:mm-ss-fff}-{Guid.NewGuid()}.jsonl"));
        try
        {
            using var body = new MemoryStream(batch.Lines.WrittenMemory.ToArray(), writable: false);
            await store.PutObjectAsync(destination.Bucket, key, body, ObjectWrite.Plain());
            Interlocked.Add(ref written, batch.Count);
            lastFailure = null;
        }
        catch (Exception exception) when (exception is AwsException or IOException or UnauthorizedAccessException)
        {
            Interlocked.Add(ref dropped, batch.Count);
            var failure = exception is AwsException aws ? aws.Code : exception.GetType().Name;
            if (failure != lastFailure)
            {
                lastFailure = failure;
                if (failure == S3ErrorCodes.NoSuchBucket)
                {
                    LogBucketMissing(logger, endpointName, destination.Bucket);
                }
                else
                {
                    LogWriteFailed(logger, exception, endpointName, destination.Bucket, key);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data capture for endpoint {EndpointName}: bucket {Bucket} does not exist; captured records are dropped until it does")]
    private static partial void LogBucketMissing(ILogger logger, string endpointName, string bucket);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data capture for endpoint {EndpointName}: could not write s3://{Bucket}/{Key}; its records are dropped")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string endpointName, string bucket, string key);

    private sealed class Batch(string variant, DateTimeOffset firstTime)
    {
        public string Variant { get; } = variant;

        public DateTimeOffset FirstTime { get; } = firstTime;

        public ArrayBufferWriter<byte> Lines { get; } = new();

        public int Count { get; set; }
    }

    /// <summary>The key under the destination: <c>prefix/relative</c>, or just <c>relative</c> when there is no prefix.</summary>
    private string KeyFor(string relative) => destination.TrimmedPrefix.Length == 0 ? relative : $"{destination.TrimmedPrefix}/{relative}";
}
