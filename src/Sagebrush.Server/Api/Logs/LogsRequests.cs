namespace Sagebrush.Server.Api.Logs;

// Input shapes, named and spelled as botocore's logs model names them. Members Sagebrush ignores are still
// declared where a client commonly sends them, so the request documents what is accepted.

internal sealed record CreateLogGroupRequest(string? LogGroupName, string? KmsKeyId, Dictionary<string, string>? Tags);

internal sealed record CreateLogStreamRequest(string? LogGroupName, string? LogStreamName);

internal sealed record DeleteLogGroupRequest(string? LogGroupName);

internal sealed record DescribeLogGroupsRequest(string? LogGroupNamePrefix, string? LogGroupNamePattern, string? NextToken, int? Limit);

internal sealed record DescribeLogStreamsRequest(
    string? LogGroupName,
    string? LogGroupIdentifier,
    string? LogStreamNamePrefix,
    string? OrderBy,
    bool? Descending,
    string? NextToken,
    int? Limit);

internal sealed record InputLogEvent(long? Timestamp, string? Message);

internal sealed record PutLogEventsRequest(string? LogGroupName, string? LogStreamName, List<InputLogEvent>? LogEvents, string? SequenceToken);

internal sealed record GetLogEventsRequest(
    string? LogGroupName,
    string? LogGroupIdentifier,
    string? LogStreamName,
    long? StartTime,
    long? EndTime,
    string? NextToken,
    int? Limit,
    bool? StartFromHead);

internal sealed record FilterLogEventsRequest(
    string? LogGroupName,
    string? LogGroupIdentifier,
    List<string>? LogStreamNames,
    string? LogStreamNamePrefix,
    long? StartTime,
    long? EndTime,
    string? FilterPattern,
    string? NextToken,
    int? Limit,
    bool? Interleaved);
