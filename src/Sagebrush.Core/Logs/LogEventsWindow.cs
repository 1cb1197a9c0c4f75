namespace Sagebrush.Core.Logs;

/// <summary>
/// GetLogEvents' answer: events in time order and the tokens to move forward or backward from them. At the end
/// of the stream in a direction, that direction's token is the one passed in.
/// </summary>
public sealed record LogEventsWindow(IReadOnlyList<StoredLogEvent> Events, string NextForwardToken, string NextBackwardToken);
