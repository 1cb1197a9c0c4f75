namespace Sagebrush.Server.Api.Logs;

// Output shapes, named and spelled as botocore's logs model names them. Timestamps are unix milliseconds.

internal sealed record LogGroup(string LogGroupName, long CreationTime, int MetricFilterCount, string Arn, long StoredBytes);

internal sealed record DescribeLogGroupsResponse(IReadOnlyList<LogGroup> LogGroups, string? NextToken);

internal sealed record LogStream(
    string LogStreamName,
    long CreationTime,
    long? FirstEventTimestamp,
    long? LastEventTimestamp,
    long? LastIngestionTime,
    string Arn,
    long StoredBytes);

internal sealed record DescribeLogStreamsResponse(IReadOnlyList<LogStream> LogStreams, string? NextToken);

internal sealed record RejectedLogEventsInfo(int? TooNewLogEventStartIndex, int? TooOldLogEventEndIndex);

internal sealed record PutLogEventsResponse(string? NextSequenceToken, RejectedLogEventsInfo? RejectedLogEventsInfo);

internal sealed record OutputLogEvent(long Timestamp, string Message, long IngestionTime);

internal sealed record GetLogEventsResponse(IReadOnlyList<OutputLogEvent> Events, string NextForwardToken, string NextBackwardToken);

internal sealed record FilteredLogEvent(string LogStreamName, long Timestamp, string Message, long IngestionTime, string EventId);

internal sealed record SearchedLogStream(string LogStreamName, bool SearchedCompletely);

internal sealed record FilterLogEventsResponse(IReadOnlyList<FilteredLogEvent> Events, IReadOnlyList<SearchedLogStream> SearchedLogStreams, string? NextToken);
