using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Sqlite;

namespace Sagebrush.Core.Account.Billing;

/// <summary>
/// The per-second usage ledger (<c>&lt;data-dir&gt;/usage.db</c>): every metered stretch with the resource's tags as
/// they were when it started (Cost Explorer groups by them). A heartbeat every <see cref="HeartbeatInterval"/> lets
/// the next start end what a crash left open at the last moment the server was known alive, not at the restart.
/// Read by Cost Explorer, <c>sagebrush bill</c> and <c>sagebrush idle</c> (read-only, from another process).
/// </summary>
public sealed partial class SqliteUsageLedger : IUsageMeter, IDisposable
{
    public const string FileName = "usage.db";

    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    private const string ConnectionPragmas = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;";

    private readonly SqliteConnectionFactory connections;
    private readonly TimeProvider time;
    private readonly Func<string, CancellationToken, Task<IReadOnlyList<KeyValuePair<string, string>>>>? tagsOf;
    private readonly ILogger logger;
    private readonly ITimer? heartbeat;

    /// <param name="tagsOf">The resource's tags by ARN (the metadata store's), or null to keep none.</param>
    public SqliteUsageLedger(
        string databasePath,
        TimeProvider time,
        Func<string, CancellationToken, Task<IReadOnlyList<KeyValuePair<string, string>>>>? tagsOf = null,
        ILogger<SqliteUsageLedger>? logger = null)
        : this(databasePath, time, readOnly: false, tagsOf, logger)
    {
    }

    private SqliteUsageLedger(string databasePath, TimeProvider time, bool readOnly, Func<string, CancellationToken, Task<IReadOnlyList<KeyValuePair<string, string>>>>? tagsOf, ILogger? logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.tagsOf = tagsOf;
        this.logger = logger ?? NullLogger.Instance;
        if (readOnly && !File.Exists(databasePath))
        {
            throw new FileNotFoundException($"There is no usage ledger at {databasePath}: nothing has run on this data directory yet.", databasePath);
        }

        connections = new SqliteConnectionFactory(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString(), ConnectionPragmas);
        using var connection = connections.Open();
        if (readOnly)
        {
            return;
        }

        SqliteMigrationRunner.ApplyInWalMode(connection, UsageMigrations.Steps);
        using (var recover = connection.CreateCommand())
        {
            recover.CommandText = """
                UPDATE usage SET ended_ms = MAX(started_ms, COALESCE((SELECT at_ms FROM heartbeat WHERE id = 1), started_ms))
                WHERE ended_ms IS NULL;
                """;
            var ended = recover.ExecuteNonQuery();
            if (ended > 0)
            {
                LogRecovered(this.logger, ended);
            }
        }

        Beat();
        heartbeat = time.CreateTimer(_ => Beat(), null, HeartbeatInterval, HeartbeatInterval);
    }

    public static SqliteUsageLedger OpenReadOnly(string databasePath, TimeProvider time) => new(databasePath, time, readOnly: true, null, null);

    public async Task<IUsageRun> StartAsync(MeteredUse use, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(use);
        try
        {
            IReadOnlyList<KeyValuePair<string, string>> tags = tagsOf is null ? [] : await tagsOf(use.ResourceArn, cancellationToken);
            await using var connection = await connections.OpenAsync(cancellationToken);
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO usage (resource_arn, usage, instance_type, instance_count, started_ms, tags)
                VALUES ($arn, $usage, $type, $count, $started, $tags) RETURNING id;
                """;
            insert.Parameters.AddWithValue("$arn", use.ResourceArn);
            insert.Parameters.AddWithValue("$usage", use.Usage.ToString());
            insert.Parameters.AddWithValue("$type", use.InstanceType);
            insert.Parameters.AddWithValue("$count", use.InstanceCount);
            insert.Parameters.AddWithValue("$started", time.GetUtcNow().ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$tags", JsonSerializer.Serialize(tags.ToDictionary(t => t.Key, t => t.Value), CoreJsonContext.Default.DictionaryStringString));
            var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
            return new Run(this, id);
        }
        catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
        {
            LogMeterFailed(logger, exception, use.ResourceArn);
            return Run.Unmetered;
        }
    }

    /// <summary>Stretches that overlap [from, to), oldest first.</summary>
    public Task<IReadOnlyList<UsageRecord>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        SelectAsync(
            "WHERE started_ms < $to AND (ended_ms IS NULL OR ended_ms > $from)",
            [("$from", from.ToUnixTimeMilliseconds()), ("$to", to.ToUnixTimeMilliseconds())],
            cancellationToken);

    /// <summary>The stretches still open: what holds instances now.</summary>
    public Task<IReadOnlyList<UsageRecord>> ReadRunningAsync(CancellationToken cancellationToken = default) =>
        SelectAsync("WHERE ended_ms IS NULL", [], cancellationToken);

    private async Task<IReadOnlyList<UsageRecord>> SelectAsync(string where, IReadOnlyList<(string Name, long Value)> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT id, resource_arn, usage, instance_type, instance_count, started_ms, ended_ms, tags FROM usage {where} ORDER BY started_ms, id;";
        foreach (var (name, value) in parameters)
        {
            select.Parameters.AddWithValue(name, value);
        }

        var records = new List<UsageRecord>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var tags = JsonSerializer.Deserialize(reader.GetString(7), CoreJsonContext.Default.DictionaryStringString) ?? [];
            records.Add(new UsageRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                Enum.Parse<InstanceUsage>(reader.GetString(2)),
                reader.GetString(3),
                reader.GetInt32(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                tags.ToList()));
        }

        return records;
    }

    public void Dispose()
    {
        heartbeat?.Dispose();
        if (heartbeat is not null)
        {
            Beat();
        }
    }

    private async Task StopAsync(long id)
    {
        try
        {
            await using var connection = await connections.OpenAsync(CancellationToken.None);
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE usage SET ended_ms = $ended WHERE id = $id AND ended_ms IS NULL;";
            update.Parameters.AddWithValue("$ended", time.GetUtcNow().ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$id", id);
            await update.ExecuteNonQueryAsync();
        }
        catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
        {
            LogMeterFailed(logger, exception, $"usage #{id}");
        }
    }

    private void Beat()
    {
        try
        {
            using var connection = connections.Open();
            using var write = connection.CreateCommand();
            write.CommandText = "INSERT OR REPLACE INTO heartbeat (id, at_ms) VALUES (1, $at);";
            write.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
            write.ExecuteNonQuery();
        }
        catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
        {
            LogMeterFailed(logger, exception, "the heartbeat");
        }
    }

    private sealed class Run(SqliteUsageLedger? ledger, long id) : IUsageRun
    {
        public static readonly Run Unmetered = new(null, 0);

        private int stopped;

        public Task StopAsync() =>
            ledger is not null && Interlocked.Exchange(ref stopped, 1) == 0 ? ledger.StopAsync(id) : Task.CompletedTask;

        public async ValueTask DisposeAsync() => await StopAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Metering failed for {What}; the work goes on, but the bill misses it")]
    private static partial void LogMeterFailed(ILogger logger, Exception exception, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage ledger: {Count} metered stretches left open by the last run were ended at its last heartbeat")]
    private static partial void LogRecovered(ILogger logger, int count);
}
