namespace Sagebrush.Core.Logs;

/// <summary>
/// A PutLogEvents batch after AWS's rules: the events to store, and the indexes AWS reports for events it drops
/// (<c>tooNewLogEventStartIndex</c> inclusive, <c>tooOldLogEventEndIndex</c> exclusive).
/// </summary>
public sealed record LogBatch(IReadOnlyList<LogEvent> Accepted, int? TooNewLogEventStartIndex, int? TooOldLogEventEndIndex)
{
    public const int MaxEvents = 10_000;
    public const int MaxBytes = 1_048_576;
    public const int EventOverheadBytes = 26;

    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(14);
    public static readonly TimeSpan MaxAhead = TimeSpan.FromHours(2);
    public static readonly TimeSpan MaxSpan = TimeSpan.FromHours(24);

    /// <summary>
    /// Applies PutLogEvents' rules: 1 to 10,000 events of at most 1 MB together (UTF-8 plus 26 bytes each), in
    /// chronological order (else InvalidParameterException); events over 14 days old or over 2 hours ahead are
    /// dropped and reported; the rest may span at most 24 hours.
    /// </summary>
    public static LogBatch Check(IReadOnlyList<LogEvent> events, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count is 0 or > MaxEvents)
        {
            throw LogErrors.Constraint("logEvents", events.Count, $"Member must have length between 1 and {MaxEvents}");
        }

        long bytes = 0;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Message.Length == 0)
            {
                throw LogErrors.Constraint($"logEvents.{i + 1}.member.message", string.Empty, "Member must have length greater than or equal to 1");
            }

            if (i > 0 && events[i].Timestamp < events[i - 1].Timestamp)
            {
                throw LogErrors.Invalid("Log events in a single PutLogEvents request must be in chronological order.");
            }

            bytes += System.Text.Encoding.UTF8.GetByteCount(events[i].Message) + EventOverheadBytes;
        }

        if (bytes > MaxBytes)
        {
            throw LogErrors.Invalid($"Upload too large: {bytes} bytes exceeds limit of {MaxBytes}");
        }

        // Chronological order makes the too-old events a prefix and the too-new ones a suffix.
        var oldEnd = 0;
        while (oldEnd < events.Count && events[oldEnd].Timestamp < now - MaxAge)
        {
            oldEnd++;
        }

        var newStart = events.Count;
        while (newStart > oldEnd && events[newStart - 1].Timestamp > now + MaxAhead)
        {
            newStart--;
        }

        if (newStart > oldEnd && events[newStart - 1].Timestamp - events[oldEnd].Timestamp > MaxSpan)
        {
            throw LogErrors.Invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }

        return new LogBatch(
            events.Skip(oldEnd).Take(newStart - oldEnd).ToList(),
            newStart < events.Count ? newStart : null,
            oldEnd > 0 ? oldEnd : null);
    }
}
