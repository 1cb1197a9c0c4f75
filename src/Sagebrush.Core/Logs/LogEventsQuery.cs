namespace Sagebrush.Core.Logs;

/// <summary>
/// GetLogEvents' parameters: [StartTime, EndTime) in unix milliseconds. Without a token, StartFromHead picks the
/// oldest events (true) or the newest (false, AWS's default); with one, the token's direction wins.
/// </summary>
public sealed record LogEventsQuery(
    string Group,
    string Stream,
    long? StartTime = null,
    long? EndTime = null,
    bool StartFromHead = false,
    int? Limit = null,
    string? NextToken = null);
