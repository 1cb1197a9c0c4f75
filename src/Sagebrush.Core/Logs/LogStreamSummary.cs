namespace Sagebrush.Core.Logs;

/// <summary>A log stream as DescribeLogStreams shows it. Times are unix milliseconds; the event times are null until the first event.</summary>
public sealed record LogStreamSummary(
    string Name,
    long CreationTime,
    long? FirstEventTimestamp,
    long? LastEventTimestamp,
    long? LastIngestionTime,
    long StoredBytes);
