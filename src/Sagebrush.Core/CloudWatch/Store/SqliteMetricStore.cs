using Microsoft.Data.Sqlite;
using Sagebrush.Core.Storage.Sqlite;

namespace Sagebrush.Core.CloudWatch.Store;

/// <summary>
/// <see cref="IMetricStore"/> in its own SQLite file (<c>&lt;data-dir&gt;/cloudwatch-metrics.db</c>): one row per metric,
/// one row per stored value or statistic set. Timestamps are unix milliseconds. synchronous=NORMAL: losing the last
/// samples on a power cut costs nothing.
/// </summary>
public sealed class SqliteMetricStore : IMetricStore, IDisposable
{
    public const string FileName = "cloudwatch-metrics.db";

    private static readonly IReadOnlyList<SchemaMigration> Steps =
    [
        new(1, """
            CREATE TABLE metrics (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                namespace   TEXT NOT NULL,
                metric_name TEXT NOT NULL,
                dimensions  TEXT NOT NULL,
                last_sample INTEGER NOT NULL,
                UNIQUE (namespace, metric_name, dimensions)
            );
            CREATE TABLE samples (
                metric_id    INTEGER NOT NULL REFERENCES metrics (id),
                timestamp    INTEGER NOT NULL,
                sample_count REAL    NOT NULL,
                sum          REAL    NOT NULL,
                minimum      REAL    NOT NULL,
                maximum      REAL    NOT NULL,
                value        REAL,
                unit         TEXT    NOT NULL
            );
            CREATE INDEX samples_by_metric ON samples (metric_id, timestamp);
            """),
    ];

    private readonly SqliteConnectionFactory connections;

    public SqliteMetricStore(string databasePath)
    {
        connections = SqliteConnectionFactory.OpenFile(databasePath, "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;", Steps);
    }

    public async Task PutAsync(MetricKey key, IReadOnlyList<MetricSampleRow> samples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return;
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO metrics (namespace, metric_name, dimensions, last_sample) VALUES ($ns, $name, $dims, $last)
            ON CONFLICT (namespace, metric_name, dimensions) DO UPDATE SET last_sample = max(last_sample, excluded.last_sample)
            RETURNING id;
            """;
        upsert.Parameters.AddWithValue("$ns", key.Namespace);
        upsert.Parameters.AddWithValue("$name", key.MetricName);
        upsert.Parameters.AddWithValue("$dims", key.DimensionsKey);
        upsert.Parameters.AddWithValue("$last", samples.Max(s => s.Timestamp).ToUnixTimeMilliseconds());
        var id = (long)(await upsert.ExecuteScalarAsync(cancellationToken))!;

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO samples (metric_id, timestamp, sample_count, sum, minimum, maximum, value, unit)
            VALUES ($id, $ts, $count, $sum, $min, $max, $value, $unit);
            """;
        insert.Parameters.AddWithValue("$id", id);
        var ts = insert.Parameters.Add("$ts", SqliteType.Integer);
        var count = insert.Parameters.Add("$count", SqliteType.Real);
        var sum = insert.Parameters.Add("$sum", SqliteType.Real);
        var min = insert.Parameters.Add("$min", SqliteType.Real);
        var max = insert.Parameters.Add("$max", SqliteType.Real);
        var value = insert.Parameters.Add("$value", SqliteType.Real);
        var unit = insert.Parameters.Add("$unit", SqliteType.Text);
        foreach (var sample in samples)
        {
            ts.Value = sample.Timestamp.ToUnixTimeMilliseconds();
            (count.Value, sum.Value, min.Value, max.Value) = (sample.SampleCount, sample.Sum, sample.Minimum, sample.Maximum);
            value.Value = sample.Value is { } v ? v : DBNull.Value;
            unit.Value = sample.Unit;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<MetricSampleRow>> QueryAsync(MetricKey key, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.timestamp, s.sample_count, s.sum, s.minimum, s.maximum, s.value, s.unit
            FROM samples s JOIN metrics m ON m.id = s.metric_id
            WHERE m.namespace = $ns AND m.metric_name = $name AND m.dimensions = $dims AND s.timestamp >= $start AND s.timestamp < $end
            ORDER BY s.timestamp;
            """;
        command.Parameters.AddWithValue("$ns", key.Namespace);
        command.Parameters.AddWithValue("$name", key.MetricName);
        command.Parameters.AddWithValue("$dims", key.DimensionsKey);
        command.Parameters.AddWithValue("$start", start.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$end", end.ToUnixTimeMilliseconds());
        var rows = new List<MetricSampleRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new MetricSampleRow(
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                reader.GetDouble(1),
                reader.GetDouble(2),
                reader.GetDouble(3),
                reader.GetDouble(4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5),
                reader.GetString(6)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<MetricKey>> ListAsync(string? metricNamespace, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT namespace, metric_name, dimensions FROM metrics
            WHERE last_sample >= $since AND ($ns IS NULL OR namespace = $ns)
            ORDER BY namespace, metric_name, dimensions;
            """;
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$ns", (object?)metricNamespace ?? DBNull.Value);
        var keys = new List<MetricKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new MetricKey(reader.GetString(0), reader.GetString(1), MetricKey.ParseDimensions(reader.GetString(2))));
        }

        return keys;
    }

    public void Dispose() => connections.ClearPool();
}
