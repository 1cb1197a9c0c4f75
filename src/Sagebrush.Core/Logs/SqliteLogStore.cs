using Microsoft.Data.Sqlite;
using Sagebrush.Core.Storage.Sqlite;

namespace Sagebrush.Core.Logs;

/// <summary>
/// CloudWatch Logs' groups, streams and events in one SQLite file (<c>&lt;data-dir&gt;/logs.db</c>). Each operation
/// opens a pooled connection, so the store is safe to call from many threads; SQLite serializes the writers, and WAL
/// lets readers (the Logs API, <c>sagebrush logs</c> in another process) run beside them.
/// Writes live here; groups and streams in SqliteLogStore.Resources.cs; event queries in SqliteLogStore.Events.cs.
/// </summary>
public sealed partial class SqliteLogStore : ILogStore, IDisposable
{
    public const string FileName = "logs.db";

    /// <summary>The most events one GetLogEvents or FilterLogEvents call returns, and its default.</summary>
    public const int MaxEventsLimit = 10_000;

    /// <summary>The most groups or streams one Describe call returns, and its default.</summary>
    public const int MaxDescribeLimit = 50;

    private const string BusyTimeoutMilliseconds = "10000";

    // synchronous=NORMAL in WAL mode never corrupts the file, but a power cut may lose the last commits. Logs are
    // written many times a second by running jobs, and losing the last lines of a log on power loss is an
    // acceptable price for not fsyncing every line (the metadata store, where a lost commit is a lost job, uses FULL).
    private const string ConnectionPragmas = $"""
        PRAGMA foreign_keys = ON;
        PRAGMA synchronous = NORMAL;
        PRAGMA busy_timeout = {BusyTimeoutMilliseconds};
        """;

    private readonly SqliteConnectionFactory connections;
    private readonly TimeProvider timeProvider;
    private bool disposed;

    /// <summary>Opens (creating and migrating when needed) the database at <paramref name="databasePath"/> for reading and writing.</summary>
    public SqliteLogStore(string databasePath, TimeProvider timeProvider)
        : this(databasePath, timeProvider, readOnly: false)
    {
    }

    private SqliteLogStore(string databasePath, TimeProvider timeProvider, bool readOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.timeProvider = timeProvider;
        IsReadOnly = readOnly;

        if (readOnly && !File.Exists(databasePath))
        {
            throw new FileNotFoundException($"There is no log database at {databasePath}: no server has run with this data dir yet.", databasePath);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!readOnly && directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        connections = new SqliteConnectionFactory(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString(), ConnectionPragmas);

        using var connection = Open();
        if (readOnly)
        {
            EnsureReadable(connection);
            return;
        }

        SqliteMigrationRunner.ApplyInWalMode(connection, LogMigrations.Steps);
    }

    /// <summary>True for a store opened with <see cref="OpenReadOnly"/>: every write fails.</summary>
    public bool IsReadOnly { get; }

    public static SqliteLogStore InDataDir(string dataDir, TimeProvider timeProvider) =>
        new(Path.Combine(dataDir, FileName), timeProvider);

    /// <summary>
    /// Opens an existing database without writing to it or migrating it, for tools that read a running server's logs
    /// (<c>sagebrush logs</c>). Fails when the file is missing or its schema is not the one this Sagebrush writes.
    /// </summary>
    public static SqliteLogStore OpenReadOnly(string databasePath, TimeProvider timeProvider) =>
        new(databasePath, timeProvider, readOnly: true);

    public async Task EnsureStreamAsync(string group, string stream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(stream);
        await AppendCoreAsync(group, stream, [], createMissing: true, cancellationToken);
    }

    public async Task AppendAsync(string group, string stream, IReadOnlyList<LogEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(events);
        await AppendCoreAsync(group, stream, events, createMissing: true, cancellationToken);
    }

    /// <summary>
    /// PutLogEvents' write: appends to a stream that must exist (ResourceNotFoundException otherwise), in one
    /// transaction. Returns the sequence of the last event stored (0 for none). The caller checks AWS's batch rules.
    /// </summary>
    public Task<long> PutLogEventsAsync(string group, string stream, IReadOnlyList<LogEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(events);
        return AppendCoreAsync(group, stream, events, createMissing: false, cancellationToken);
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        connections.ClearPool();
    }

    // One IMMEDIATE transaction per batch: the writer lock is taken up front (no deadlock upgrading a read lock),
    // the statement is prepared once and rebound per event, and the stream's statistics move with its events.
    private async Task<long> AppendCoreAsync(
        string group, string stream, IReadOnlyList<LogEvent> events, bool createMissing, CancellationToken cancellationToken)
    {
        var now = NowUnixMilliseconds();
        await using var connection = await OpenAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: false);

        if (createMissing)
        {
            using var ensure = connection.CreateCommand();
            ensure.Transaction = transaction;
            ensure.CommandText = """
                INSERT INTO log_groups (name, created_at) VALUES ($group, $now) ON CONFLICT DO NOTHING;
                INSERT INTO log_streams (group_id, name, created_at)
                SELECT id, $stream, $now FROM log_groups WHERE name = $group
                ON CONFLICT DO NOTHING;
                """;
            ensure.Parameters.AddWithValue("$group", group);
            ensure.Parameters.AddWithValue("$stream", stream);
            ensure.Parameters.AddWithValue("$now", now);
            ensure.ExecuteNonQuery();
        }

        var (groupId, streamId) = FindStream(connection, transaction, group, stream);
        if (events.Count == 0)
        {
            transaction.Commit();
            return 0;
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO log_events (group_id, stream_id, timestamp, ingested_at, message)
            VALUES ($group, $stream, $timestamp, $now, $message);
            """;
        insert.Parameters.AddWithValue("$group", groupId);
        insert.Parameters.AddWithValue("$stream", streamId);
        insert.Parameters.AddWithValue("$now", now);
        var timestampParameter = insert.Parameters.Add("$timestamp", SqliteType.Integer);
        var messageParameter = insert.Parameters.Add("$message", SqliteType.Text);
        insert.Prepare();

        long first = long.MaxValue, last = long.MinValue, bytes = 0;
        foreach (var e in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var timestamp = e.Timestamp.ToUnixTimeMilliseconds();
            first = Math.Min(first, timestamp);
            last = Math.Max(last, timestamp);
            bytes += System.Text.Encoding.UTF8.GetByteCount(e.Message);
            timestampParameter.Value = timestamp;
            messageParameter.Value = e.Message;
            insert.ExecuteNonQuery();
        }

        using var statistics = connection.CreateCommand();
        statistics.Transaction = transaction;
        statistics.CommandText = """
            UPDATE log_streams SET
                first_event_at = MIN(COALESCE(first_event_at, $first), $first),
                last_event_at = MAX(COALESCE(last_event_at, $last), $last),
                last_ingestion_at = $now,
                stored_bytes = stored_bytes + $bytes
            WHERE id = $stream;
            UPDATE log_groups SET stored_bytes = stored_bytes + $bytes WHERE id = $group;
            SELECT last_insert_rowid();
            """;
        statistics.Parameters.AddWithValue("$first", first);
        statistics.Parameters.AddWithValue("$last", last);
        statistics.Parameters.AddWithValue("$now", now);
        statistics.Parameters.AddWithValue("$bytes", bytes);
        statistics.Parameters.AddWithValue("$stream", streamId);
        statistics.Parameters.AddWithValue("$group", groupId);
        var lastSequence = Convert.ToInt64(statistics.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

        transaction.Commit();
        return lastSequence;
    }

    private static (long GroupId, long StreamId) FindStream(SqliteConnection connection, SqliteTransaction? transaction, string group, string stream)
    {
        using var find = connection.CreateCommand();
        find.Transaction = transaction;
        find.CommandText = """
            SELECT g.id, s.id FROM log_groups g
            LEFT JOIN log_streams s ON s.group_id = g.id AND s.name = $stream
            WHERE g.name = $group;
            """;
        find.Parameters.AddWithValue("$group", group);
        find.Parameters.AddWithValue("$stream", stream);
        using var reader = find.ExecuteReader();
        if (!reader.Read())
        {
            throw LogErrors.GroupNotFound();
        }

        return reader.IsDBNull(1) ? throw LogErrors.StreamNotFound() : (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static long FindGroup(SqliteConnection connection, string group)
    {
        using var find = connection.CreateCommand();
        find.CommandText = "SELECT id FROM log_groups WHERE name = $group;";
        find.Parameters.AddWithValue("$group", group);
        return find.ExecuteScalar() is long id ? id : throw LogErrors.GroupNotFound();
    }

    private static void EnsureReadable(SqliteConnection connection)
    {
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version';";
        var version = exists.ExecuteScalar() is null ? 0 : SqliteMigrationRunner.CurrentVersion(connection, null);
        var expected = LogMigrations.Steps[^1].Version;
        if (version != expected)
        {
            throw new InvalidOperationException(
                $"The log database {connection.DataSource} is at schema version {version}; this Sagebrush reads version {expected}. " +
                "Start this Sagebrush's server on the data dir once to migrate it, or use the Sagebrush that wrote it.");
        }
    }

    private SqliteConnection Open()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return connections.Open();
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return connections.OpenAsync(cancellationToken);
    }

    private long NowUnixMilliseconds() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private static int CheckLimit(int? limit, int max, string member = "limit")
    {
        if (limit is null)
        {
            return max;
        }

        return limit is >= 1 && limit <= max
            ? limit.Value
            : throw LogErrors.Constraint(member, limit, $"Member must have value between 1 and {max}");
    }
}
