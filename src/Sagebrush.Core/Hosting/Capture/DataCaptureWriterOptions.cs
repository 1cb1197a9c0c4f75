using Microsoft.Extensions.Logging;

namespace Sagebrush.Core.Hosting.Capture;

/// <summary>How often and how much a capture writer writes, how much it may hold, and its sampling seed.</summary>
public sealed record DataCaptureWriterOptions
{
    public static DataCaptureWriterOptions Default { get; } = new();

    /// <summary>A file is written at least this often while records arrive.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A file is written as soon as its lines reach this size.</summary>
    public int MaxFileBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Sampled invocations waiting to be written; beyond this (or <see cref="MaxQueuedBytes"/>) they are dropped.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Payload bytes held by queued invocations, so a burst of 6 MB requests cannot exhaust memory.</summary>
    public long MaxQueuedBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Seeds the sampling, so a test knows which invocations are captured; null draws a random seed.</summary>
    public int? Seed { get; init; }

    public ILogger? Logger { get; init; }
}
