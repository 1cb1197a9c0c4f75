using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Sagebrush.Core.Logs;

/// <summary>
/// Paging tokens. Event tokens name a gap between events in (timestamp, sequence) order: <c>f/T/S</c> reads the
/// events after (T, S), <c>b/T/S</c> the events at or before it, so a token stays valid however many events arrive
/// later. Listing tokens carry the sort key of the last item returned, base64url-encoded.
/// </summary>
internal static class LogTokens
{
    public const char Forward = 'f';
    public const char Backward = 'b';
    public const char Filter = 'e';

    /// <summary>The gap before every event.</summary>
    public static readonly EventCursor Start = new(long.MinValue, 0);

    public static string Event(char direction, EventCursor cursor) =>
        string.Create(CultureInfo.InvariantCulture, $"{direction}/{cursor.Timestamp}/{cursor.Sequence}");

    public static EventCursor ParseEvent(string token, out char direction)
    {
        var parts = token.Split('/');
        if (parts.Length != 3
            || parts[0].Length != 1
            || parts[0][0] is not (Forward or Backward or Filter)
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestamp)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            throw LogErrors.InvalidToken();
        }

        direction = parts[0][0];
        return new EventCursor(timestamp, sequence);
    }

    public static string Key(params string[] parts) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n', parts)));

    public static string[] ParseKey(string token, int expectedParts)
    {
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('\n');
        }
        catch (FormatException)
        {
            throw LogErrors.InvalidToken();
        }

        return parts.Length == expectedParts ? parts : throw LogErrors.InvalidToken();
    }
}

/// <summary>The gap just after the event with this key (sequence numbers are whole, so the gap before (T, S) is (T, S - 1)).</summary>
internal readonly record struct EventCursor(long Timestamp, long Sequence)
{
    public static EventCursor After(StoredLogEvent e) => new(e.Timestamp, e.Sequence);

    public static EventCursor Before(StoredLogEvent e) => new(e.Timestamp, e.Sequence - 1);
}
