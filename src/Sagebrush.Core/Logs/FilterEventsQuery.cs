namespace Sagebrush.Core.Logs;

/// <summary>
/// FilterLogEvents' parameters: events of a group (or of some of its streams) in [StartTime, EndTime], both
/// inclusive as AWS documents, matching <see cref="Pattern"/>. <see cref="UpToSequence"/> is Sagebrush's own: it
/// pins a listing to the events stored when it began, so a follower can continue by sequence without repeats.
/// </summary>
public sealed record FilterEventsQuery(
    string Group,
    IReadOnlyList<string>? StreamNames = null,
    string? StreamNamePrefix = null,
    long? StartTime = null,
    long? EndTime = null,
    FilterPattern? Pattern = null,
    int? Limit = null,
    string? NextToken = null,
    long? UpToSequence = null);
