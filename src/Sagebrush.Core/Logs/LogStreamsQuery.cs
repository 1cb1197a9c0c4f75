namespace Sagebrush.Core.Logs;

/// <summary>DescribeLogStreams' parameters. A prefix cannot be combined with <see cref="LogStreamOrder.LastEventTime"/>.</summary>
public sealed record LogStreamsQuery(
    string Group,
    string? Prefix = null,
    LogStreamOrder OrderBy = LogStreamOrder.LogStreamName,
    bool Descending = false,
    int? Limit = null,
    string? NextToken = null);
