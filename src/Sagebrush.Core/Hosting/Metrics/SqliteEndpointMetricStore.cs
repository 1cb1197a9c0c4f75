using Microsoft.Data.Sqlite;
using Sagebrush.Core.Storage.Sqlite;

namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>
/// Per-minute endpoint variant metrics in their own SQLite file (<c>&lt;data-dir&gt;/endpoint-metrics.db</c>), apart
/// from the training metric history (<c>metrics.db</c>, whose schema versions are its own). Written a few times a
/// minute by <see cref="EndpointMetricsSink"/>; read by autoscaling and, read-only from another process, by
/// <c>sagebrush endpoints</c>. Losing the last seconds on a power cut costs little (synchronous=NORMAL).
/// </summary>
public sealed class SqliteEndpointMetricStore : IEndpointMetrics, IDisposable
{
    public const string FileName = "endpoint-metrics.db";

    private const string ConnectionPragmas = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;";

    private readonly SqliteConnectionFactory connections;

    public SqliteEndpointMetricStore(string databasePath)
        : this(databasePath, readOnly: false)
    {
    }

    private SqliteEndpointMetricStore(string databasePath, bool readOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        if (readOnly && !File.Exists(databasePath))
        {
            throw new FileNotFoundException($"There is no endpoint metrics database at {databasePath}: no endpoint has been invoked yet.", databasePath);
        }

        if (!readOnly)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
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
            var version = SqliteMigrationRunner.CurrentVersion(connection, null);
            if (version != EndpointMetricMigrations.Steps[^1].Version)
            {
                throw new InvalidOperationException(
                    $"{databasePath} is at schema version {version}; this Sagebrush reads version {EndpointMetricMigrations.Steps[^1].Version}.");
            }

            return;
        }

        SqliteMigrationRunner.ApplyInWalMode(connection, EndpointMetricMigrations.Steps);
    }

    public static SqliteEndpointMetricStore InDataDir(string dataDir) => new(Path.Combine(dataDir, FileName));

    /// <summary>Opens an existing database without writing or migrating it, for tools beside a running server.</summary>
    public static SqliteEndpointMetricStore OpenReadOnly(string databasePath) => new(databasePath, readOnly: true);

    /// <summary>Adds the minutes to what is stored (a minute flushed twice is merged, not replaced), in one transaction.</summary>
    public async Task AddAsync(IReadOnlyCollection<MinuteAggregate> minutes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        if (minutes.Count == 0)
        {
            return;
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = """
            SELECT sample_count, sum, minimum, maximum, histogram FROM variant_metrics
            WHERE endpoint = $endpoint AND variant = $variant AND metric = $metric AND minute = $minute;
            """;
        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = """
            INSERT OR REPLACE INTO variant_metrics (endpoint, variant, metric, minute, sample_count, sum, minimum, maximum, histogram)
            VALUES ($endpoint, $variant, $metric, $minute, $sample_count, $sum, $minimum, $maximum, $histogram);
            """;
        foreach (var minute in minutes)
        {
            var merged = new MetricAggregate();
            merged.Merge(minute.Aggregate);
            BindKey(read, minute);
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    merged.Merge(ReadAggregate(reader, 0));
                }
            }

            BindKey(write, minute);
            write.Parameters.AddWithValue("$sample_count", merged.SampleCount);
            write.Parameters.AddWithValue("$sum", merged.Sum);
            write.Parameters.AddWithValue("$minimum", merged.Minimum);
            write.Parameters.AddWithValue("$maximum", merged.Maximum);
            write.Parameters.AddWithValue("$histogram", merged.Histogram.ToBytes());
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The end of the last minute in which the endpoint took a call, or null when it never took one.</summary>
    public async Task<DateTimeOffset?> LastInvokedAsync(string endpoint, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT MAX(minute) FROM variant_metrics WHERE endpoint = $endpoint AND metric = $metric AND sample_count > 0;";
        select.Parameters.AddWithValue("$endpoint", endpoint);
        select.Parameters.AddWithValue("$metric", EndpointMetricNames.Invocations);
        return await select.ExecuteScalarAsync(cancellationToken) is long minute ? DateTimeOffset.FromUnixTimeSeconds(minute + 60) : null;
    }

    public async Task<IReadOnlyList<MetricDatapoint>> GetStatisticsAsync(EndpointMetricQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var statistic = MetricStatistic.Parse(query.Statistic);
        if (query.Period < TimeSpan.FromMinutes(1) || query.Period.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentException($"The period must be a whole number of minutes, not {query.Period}.", nameof(query));
        }

        var start = MinuteOf(query.StartTime);
        var end = query.EndTime.ToUnixTimeSeconds();
        if (end <= start)
        {
            throw new ArgumentException("The end time must be after the start time.", nameof(query));
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT minute, sample_count, sum, minimum, maximum, histogram FROM variant_metrics
            WHERE endpoint = $endpoint AND variant = $variant AND metric = $metric AND minute >= $start AND minute < $end
            ORDER BY minute;
            """;
        command.Parameters.AddWithValue("$endpoint", query.EndpointName);
        command.Parameters.AddWithValue("$variant", query.VariantName);
        command.Parameters.AddWithValue("$metric", query.MetricName);
        command.Parameters.AddWithValue("$start", start);
        command.Parameters.AddWithValue("$end", end);

        var periodSeconds = (long)query.Period.TotalSeconds;
        var periods = new SortedDictionary<long, MetricAggregate>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var periodStart = start + ((reader.GetInt64(0) - start) / periodSeconds * periodSeconds);
                var aggregate = ReadAggregate(reader, 1);
                if (periods.TryGetValue(periodStart, out var existing))
                {
                    existing.Merge(aggregate);
                }
                else
                {
                    periods[periodStart] = aggregate;
                }
            }
        }

        var unit = EndpointMetricNames.UnitOf(query.MetricName);
        return periods
            .Select(period => new MetricDatapoint(
                DateTimeOffset.FromUnixTimeSeconds(period.Key), period.Value.Get(statistic), unit, period.Value.SampleCount))
            .ToList();
    }

    public async Task<IReadOnlyList<EndpointVariant>> ListVariantsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT DISTINCT endpoint, variant FROM variant_metrics
            WHERE minute >= $start AND minute < $end
            ORDER BY endpoint, variant;
            """;
        command.Parameters.AddWithValue("$start", MinuteOf(from));
        command.Parameters.AddWithValue("$end", to.ToUnixTimeSeconds());
        var variants = new List<EndpointVariant>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            variants.Add(new EndpointVariant(reader.GetString(0), reader.GetString(1)));
        }

        return variants;
    }

    /// <summary>Deletes the minutes before <paramref name="cutoff"/> (CloudWatch keeps one-minute data for 15 days).</summary>
    public async Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM variant_metrics WHERE minute < $cutoff;";
        command.Parameters.AddWithValue("$cutoff", MinuteOf(cutoff));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Dispose() => connections.ClearPool();

    /// <summary>Unix seconds at the start of the UTC minute holding <paramref name="time"/>.</summary>
    public static long MinuteOf(DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        return seconds - (((seconds % 60) + 60) % 60);
    }

    private static void BindKey(SqliteCommand command, MinuteAggregate minute)
    {
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$endpoint", minute.EndpointName);
        command.Parameters.AddWithValue("$variant", minute.VariantName);
        command.Parameters.AddWithValue("$metric", minute.MetricName);
        command.Parameters.AddWithValue("$minute", MinuteOf(minute.Minute));
    }

    private static MetricAggregate ReadAggregate(SqliteDataReader reader, int first) => MetricAggregate.FromStored(
        reader.GetInt64(first),
        reader.GetDouble(first + 1),
        reader.GetDouble(first + 2),
        reader.GetDouble(first + 3),
        LogHistogram.FromBytes((byte[])reader.GetValue(first + 4)));
}
