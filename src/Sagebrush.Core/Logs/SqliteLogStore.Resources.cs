using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Sagebrush.Core.Logs;

public sealed partial class SqliteLogStore
{
    public async Task CreateLogGroupAsync(string group, CancellationToken cancellationToken = default)
    {
        LogNames.ValidateGroup(group);
        await using var connection = await OpenAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO log_groups (name, created_at) VALUES ($group, $now) ON CONFLICT DO NOTHING;";
        insert.Parameters.AddWithValue("$group", group);
        insert.Parameters.AddWithValue("$now", NowUnixMilliseconds());
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw LogErrors.GroupAlreadyExists();
        }
    }

    public async Task CreateLogStreamAsync(string group, string stream, CancellationToken cancellationToken = default)
    {
        LogNames.ValidateGroup(group);
        LogNames.ValidateStream(stream);
        await using var connection = await OpenAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        // RETURNING tells a missing group (no row selected) from an existing stream (conflict) in one statement.
        insert.CommandText = """
            SELECT EXISTS (SELECT 1 FROM log_groups WHERE name = $group);
            INSERT INTO log_streams (group_id, name, created_at)
            SELECT id, $stream, $now FROM log_groups WHERE name = $group
            ON CONFLICT DO NOTHING
            RETURNING id;
            """;
        insert.Parameters.AddWithValue("$group", group);
        insert.Parameters.AddWithValue("$stream", stream);
        insert.Parameters.AddWithValue("$now", NowUnixMilliseconds());
        await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (!reader.GetBoolean(0))
        {
            throw LogErrors.GroupNotFound();
        }

        await reader.NextResultAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw LogErrors.StreamAlreadyExists();
        }
    }

    /// <summary>Deletes the group with its streams and events.</summary>
    public async Task DeleteLogGroupAsync(string group, CancellationToken cancellationToken = default)
    {
        LogNames.ValidateGroup(group);
        await using var connection = await OpenAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM log_groups WHERE name = $group;";
        delete.Parameters.AddWithValue("$group", group);
        if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw LogErrors.GroupNotFound();
        }
    }

    /// <summary>
    /// Groups in name order: all, those whose name starts with <paramref name="prefix"/>, or those whose name contains
    /// <paramref name="pattern"/> (case-sensitive, as AWS's logGroupNamePattern). Prefix and pattern exclude each other.
    /// </summary>
    public async Task<LogPage<LogGroupSummary>> DescribeLogGroupsAsync(
        string? prefix = null, string? pattern = null, int? limit = null, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        if (prefix is not null)
        {
            LogNames.ValidateGroup(prefix, "logGroupNamePrefix");
            if (pattern is not null)
            {
                throw LogErrors.Invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
            }
        }

        var take = CheckLimit(limit, MaxDescribeLimit);
        var after = nextToken is null ? null : LogTokens.ParseKey(nextToken, 2) is ["g", var name] ? name : throw LogErrors.InvalidToken();

        await using var connection = await OpenAsync(cancellationToken);
        await using var query = connection.CreateCommand();
        query.CommandText = """
            SELECT name, created_at, stored_bytes FROM log_groups
            WHERE ($prefix IS NULL OR substr(name, 1, length($prefix)) = $prefix)
              AND ($pattern IS NULL OR instr(name, $pattern) > 0)
              AND ($after IS NULL OR name > $after)
            ORDER BY name
            LIMIT $take;
            """;
        query.Parameters.AddWithValue("$prefix", (object?)prefix ?? DBNull.Value);
        query.Parameters.AddWithValue("$pattern", (object?)pattern ?? DBNull.Value);
        query.Parameters.AddWithValue("$after", (object?)after ?? DBNull.Value);
        query.Parameters.AddWithValue("$take", take + 1);

        var groups = new List<LogGroupSummary>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            groups.Add(new LogGroupSummary(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        if (groups.Count <= take)
        {
            return new LogPage<LogGroupSummary>(groups, null);
        }

        groups.RemoveAt(take);
        return new LogPage<LogGroupSummary>(groups, LogTokens.Key("g", groups[^1].Name));
    }

    /// <summary>
    /// A group's streams by name or by last event time (streams without events count as older than any), either way
    /// with the name as tie-breaker, so paging is exact.
    /// </summary>
    public async Task<LogPage<LogStreamSummary>> DescribeLogStreamsAsync(LogStreamsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        LogNames.ValidateGroup(query.Group);
        if (query.Prefix is not null)
        {
            LogNames.ValidateStream(query.Prefix, "logStreamNamePrefix");
            if (query.OrderBy == LogStreamOrder.LastEventTime)
            {
                throw LogErrors.Invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
            }
        }

        var take = CheckLimit(query.Limit, MaxDescribeLimit);
        var byTime = query.OrderBy == LogStreamOrder.LastEventTime;
        string? afterName = null;
        long afterTime = 0;
        if (query.NextToken is not null)
        {
            switch (LogTokens.ParseKey(query.NextToken, 3))
            {
                case ["n", "", var name] when !byTime:
                    afterName = name;
                    break;
                case ["t", var time, var name] when byTime && long.TryParse(time, CultureInfo.InvariantCulture, out afterTime):
                    afterName = name;
                    break;
                default:
                    throw LogErrors.InvalidToken();
            }
        }

        await using var connection = await OpenAsync(cancellationToken);
        var groupId = FindGroup(connection, query.Group);
        var direction = query.Descending ? "DESC" : "ASC";
        var comparison = query.Descending ? "<" : ">";
        var sortKey = byTime ? "(COALESCE(last_event_at, -1), name)" : "(name)";
        var afterKey = byTime ? "($afterTime, $afterName)" : "($afterName)";
        var order = byTime ? $"COALESCE(last_event_at, -1) {direction}, name {direction}" : $"name {direction}";

        await using var select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT name, created_at, first_event_at, last_event_at, last_ingestion_at, stored_bytes FROM log_streams
            WHERE group_id = $group
              AND ($prefix IS NULL OR substr(name, 1, length($prefix)) = $prefix)
              AND ($afterName IS NULL OR {sortKey} {comparison} {afterKey})
            ORDER BY {order}
            LIMIT $take;
            """;
        select.Parameters.AddWithValue("$group", groupId);
        select.Parameters.AddWithValue("$prefix", (object?)query.Prefix ?? DBNull.Value);
        select.Parameters.AddWithValue("$afterName", (object?)afterName ?? DBNull.Value);
        select.Parameters.AddWithValue("$afterTime", afterTime);
        select.Parameters.AddWithValue("$take", take + 1);

        var streams = new List<LogStreamSummary>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            streams.Add(new LogStreamSummary(
                reader.GetString(0),
                reader.GetInt64(1),
                NullableInt64(reader, 2),
                NullableInt64(reader, 3),
                NullableInt64(reader, 4),
                reader.GetInt64(5)));
        }

        if (streams.Count <= take)
        {
            return new LogPage<LogStreamSummary>(streams, null);
        }

        streams.RemoveAt(take);
        var lastStream = streams[^1];
        var token = byTime
            ? LogTokens.Key("t", (lastStream.LastEventTimestamp ?? -1).ToString(CultureInfo.InvariantCulture), lastStream.Name)
            : LogTokens.Key("n", string.Empty, lastStream.Name);
        return new LogPage<LogStreamSummary>(streams, token);
    }

    private static long? NullableInt64(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
