using System.Text;
using Microsoft.Data.Sqlite;

namespace Sagebrush.Core.Logs;

public sealed partial class SqliteLogStore
{
    /// <summary>AWS caps a response at 1 MB of events, counting each event's UTF-8 message plus 26 bytes.</summary>
    public const int MaxResponseBytes = 1_048_576;

    private const int EventOverheadBytes = 26;

    private const string EventColumns = "s.name, e.timestamp, e.ingested_at, e.message, e.sequence";

    /// <summary>
    /// GetLogEvents: up to <c>Limit</c> events (and 1 MB) of one stream, in time order. Forward reads from the oldest
    /// (or after a forward token), backward from the newest (or before a backward token). When a token's direction has
    /// nothing more, the same token comes back, which is how the AWS CLI and the SageMaker SDK detect the end.
    /// </summary>
    public async Task<LogEventsWindow> GetLogEventsAsync(LogEventsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        LogNames.ValidateGroup(query.Group);
        LogNames.ValidateStream(query.Stream);
        var take = CheckLimit(query.Limit, MaxEventsLimit);

        char direction;
        EventCursor cursor;
        if (query.NextToken is not null)
        {
            cursor = LogTokens.ParseEvent(query.NextToken, out direction);
            if (direction is not (LogTokens.Forward or LogTokens.Backward))
            {
                throw LogErrors.InvalidToken();
            }
        }
        else
        {
            direction = query.StartFromHead ? LogTokens.Forward : LogTokens.Backward;
            cursor = query.StartFromHead ? LogTokens.Start : new EventCursor(long.MaxValue, long.MaxValue);
        }

        await using var connection = await OpenAsync(cancellationToken);
        var (_, streamId) = FindStream(connection, null, query.Group, query.Stream);
        var forward = direction == LogTokens.Forward;

        await using var select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT {EventColumns} FROM log_events e JOIN log_streams s ON s.id = e.stream_id
            WHERE e.stream_id = $stream
              AND (e.timestamp, e.sequence) {(forward ? ">" : "<=")} ($cursorTime, $cursorSequence)
              AND ($start IS NULL OR e.timestamp >= $start)
              AND ($end IS NULL OR e.timestamp < $end)
            ORDER BY e.timestamp {(forward ? "ASC" : "DESC")}, e.sequence {(forward ? "ASC" : "DESC")}
            LIMIT $take;
            """;
        select.Parameters.AddWithValue("$stream", streamId);
        select.Parameters.AddWithValue("$cursorTime", cursor.Timestamp);
        select.Parameters.AddWithValue("$cursorSequence", cursor.Sequence);
        select.Parameters.AddWithValue("$start", (object?)query.StartTime ?? DBNull.Value);
        select.Parameters.AddWithValue("$end", (object?)query.EndTime ?? DBNull.Value);
        select.Parameters.AddWithValue("$take", take);

        var (events, _) = await ReadEventsAsync(select, take, cancellationToken);
        if (!forward)
        {
            events.Reverse();
        }

        if (events.Count > 0)
        {
            return new LogEventsWindow(
                events,
                LogTokens.Event(LogTokens.Forward, EventCursor.After(events[^1])),
                LogTokens.Event(LogTokens.Backward, EventCursor.Before(events[0])));
        }

        // Nothing more this way: hand the caller's token back unchanged, and the other direction from the same gap.
        // Without a token, nothing in range at all: both tokens start before every event, so a follower polling
        // forward sees events that arrive later.
        var gap = query.NextToken is null ? LogTokens.Start : cursor;
        return new LogEventsWindow(
            [],
            forward && query.NextToken is not null ? query.NextToken : LogTokens.Event(LogTokens.Forward, gap),
            !forward && query.NextToken is not null ? query.NextToken : LogTokens.Event(LogTokens.Backward, gap));
    }

    /// <summary>
    /// FilterLogEvents: a group's matching events across its streams in (timestamp, sequence) order. NextToken is set
    /// only when more events may follow, so paginators stop on the last page.
    /// </summary>
    public async Task<LogPage<StoredLogEvent>> FilterLogEventsAsync(FilterEventsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        LogNames.ValidateGroup(query.Group);
        if (query.StreamNames is { Count: > 0 } && query.StreamNamePrefix is not null)
        {
            throw LogErrors.Invalid("logStreamNames and logStreamNamePrefix cannot both be specified.");
        }

        if (query.StreamNames is { Count: 0 or > 100 })
        {
            throw LogErrors.Constraint("logStreamNames", query.StreamNames.Count, "Member must have length between 1 and 100");
        }

        foreach (var name in query.StreamNames ?? [])
        {
            LogNames.ValidateStream(name, "logStreamNames");
        }

        var take = CheckLimit(query.Limit, MaxEventsLimit);
        var cursor = LogTokens.Start;
        if (query.NextToken is not null)
        {
            cursor = LogTokens.ParseEvent(query.NextToken, out var kind);
            if (kind != LogTokens.Filter)
            {
                throw LogErrors.InvalidToken();
            }
        }

        await using var connection = await OpenAsync(cancellationToken);
        var groupId = FindGroup(connection, query.Group);

        await using var select = connection.CreateCommand();
        var sql = new StringBuilder($"""
            SELECT {EventColumns} FROM log_events e JOIN log_streams s ON s.id = e.stream_id
            WHERE e.group_id = $group
              AND (e.timestamp, e.sequence) > ($cursorTime, $cursorSequence)
              AND ($start IS NULL OR e.timestamp >= $start)
              AND ($end IS NULL OR e.timestamp <= $end)
              AND ($upTo IS NULL OR e.sequence <= $upTo)
              AND ($prefix IS NULL OR substr(s.name, 1, length($prefix)) = $prefix)
            """);
        if (query.StreamNames is { Count: > 0 } names)
        {
            sql.Append(" AND s.name IN (");
            for (var i = 0; i < names.Count; i++)
            {
                sql.Append(i == 0 ? "$s0" : $", $s{i}");
                select.Parameters.AddWithValue($"$s{i}", names[i]);
            }

            sql.Append(')');
        }

        // instr is a case-sensitive substring test, as AWS matches terms; LIKE would ignore ASCII case.
        var terms = (query.Pattern ?? FilterPattern.MatchAll).Terms;
        for (var i = 0; i < terms.Count; i++)
        {
            sql.Append($" AND instr(e.message, $t{i}) > 0");
            select.Parameters.AddWithValue($"$t{i}", terms[i]);
        }

        sql.Append(" ORDER BY e.timestamp, e.sequence LIMIT $take;");
        select.CommandText = sql.ToString();
        select.Parameters.AddWithValue("$group", groupId);
        select.Parameters.AddWithValue("$cursorTime", cursor.Timestamp);
        select.Parameters.AddWithValue("$cursorSequence", cursor.Sequence);
        select.Parameters.AddWithValue("$start", (object?)query.StartTime ?? DBNull.Value);
        select.Parameters.AddWithValue("$end", (object?)query.EndTime ?? DBNull.Value);
        select.Parameters.AddWithValue("$upTo", (object?)query.UpToSequence ?? DBNull.Value);
        select.Parameters.AddWithValue("$prefix", (object?)query.StreamNamePrefix ?? DBNull.Value);
        select.Parameters.AddWithValue("$take", take + 1);

        var (events, capped) = await ReadEventsAsync(select, take + 1, cancellationToken);
        if (events.Count <= take && !capped)
        {
            return new LogPage<StoredLogEvent>(events, null);
        }

        if (events.Count > take)
        {
            events.RemoveAt(take);
        }

        return new LogPage<StoredLogEvent>(events, LogTokens.Event(LogTokens.Filter, EventCursor.After(events[^1])));
    }

    /// <summary>The highest event sequence stored so far (0 when empty): a mark to continue from with <see cref="ReadEventsAfterAsync"/>.</summary>
    public async Task<long> LastSequenceAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT COALESCE(MAX(sequence), 0) FROM log_events;";
        return (long)(await select.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Events stored after <paramref name="afterSequence"/> in the group's streams whose names start with
    /// <paramref name="streamNamePrefix"/>, in ingestion (sequence) order: what a follower has not seen yet, even
    /// when a late event carries an earlier timestamp. A missing group reads as empty, since a follower may start first.
    /// </summary>
    public async Task<IReadOnlyList<StoredLogEvent>> ReadEventsAfterAsync(
        string group, string streamNamePrefix, long afterSequence, int limit = MaxEventsLimit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentNullException.ThrowIfNull(streamNamePrefix);
        var take = CheckLimit(limit, MaxEventsLimit);

        await using var connection = await OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT {EventColumns} FROM log_events e JOIN log_streams s ON s.id = e.stream_id
            WHERE e.group_id = (SELECT id FROM log_groups WHERE name = $group)
              AND e.sequence > $after
              AND substr(s.name, 1, length($prefix)) = $prefix
            ORDER BY e.sequence
            LIMIT $take;
            """;
        select.Parameters.AddWithValue("$group", group);
        select.Parameters.AddWithValue("$after", afterSequence);
        select.Parameters.AddWithValue("$prefix", streamNamePrefix);
        select.Parameters.AddWithValue("$take", take);
        return (await ReadEventsAsync(select, take, cancellationToken)).Events;
    }

    // Reads rows until the limit or the 1 MB response cap, whichever comes first (always at least one event).
    private static async Task<(List<StoredLogEvent> Events, bool Capped)> ReadEventsAsync(SqliteCommand select, int limit, CancellationToken cancellationToken)
    {
        var events = new List<StoredLogEvent>();
        long bytes = 0;
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (events.Count < limit && await reader.ReadAsync(cancellationToken))
        {
            var message = reader.GetString(3);
            bytes += Encoding.UTF8.GetByteCount(message) + EventOverheadBytes;
            if (bytes > MaxResponseBytes && events.Count > 0)
            {
                return (events, true);
            }

            events.Add(new StoredLogEvent(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), message, reader.GetInt64(4)));
        }

        return (events, false);
    }
}
