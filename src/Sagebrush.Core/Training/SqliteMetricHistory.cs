using Microsoft.Data.Sqlite;
using Sagebrush.Core.Storage.Sqlite;

namespace Sagebrush.Core.Training;

/// <summary>
/// <see cref="IMetricHistory"/> in its own SQLite file (<c>&lt;data-dir&gt;/metrics.db</c>), apart from the metadata
/// store: a chatty job writes many rows, and losing the last few on a power cut costs nothing (synchronous=NORMAL).
/// </summary>
public sealed class SqliteMetricHistory : IMetricHistory, IDisposable
{
    public const string FileName = "metrics.db";

    private static readonly IReadOnlyList<SchemaMigration> Steps =
    [
        // ARNs compare with NOCASE, like the metadata store's. Timestamps are unix milliseconds.
        new(1, """
            CREATE TABLE metric_samples (
                sequence  INTEGER PRIMARY KEY AUTOINCREMENT,
                job_arn   TEXT    NOT NULL COLLATE NOCASE,
                metric    TEXT    NOT NULL,
                value     REAL    NOT NULL,
                timestamp INTEGER NOT NULL
            );
            CREATE INDEX metric_samples_by_job ON metric_samples (job_arn, sequence);
            """),
    ];

    private readonly SqliteConnectionFactory connections;

    public SqliteMetricHistory(string databasePath)
    {
        connections = SqliteConnectionFactory.OpenFile(databasePath, "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;", Steps);
    }

    public async Task AppendAsync(string jobArn, IReadOnlyList<MetricSample> samples, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobArn);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return;
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO metric_samples (job_arn, metric, value, timestamp) VALUES ($job, $metric, $value, $timestamp);";
        insert.Parameters.AddWithValue("$job", jobArn);
        var metric = insert.Parameters.Add("$metric", SqliteType.Text);
        var value = insert.Parameters.Add("$value", SqliteType.Real);
        var timestamp = insert.Parameters.Add("$timestamp", SqliteType.Integer);
        foreach (var sample in samples)
        {
            metric.Value = sample.MetricName;
            value.Value = sample.Value;
            timestamp.Value = sample.Timestamp.ToUnixTimeMilliseconds();
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<MetricSample>> GetAsync(string jobArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobArn);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT metric, value, timestamp FROM metric_samples WHERE job_arn = $job ORDER BY sequence;";
        command.Parameters.AddWithValue("$job", jobArn);
        var samples = new List<MetricSample>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            samples.Add(new MetricSample(reader.GetString(0), reader.GetDouble(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return samples;
    }

    public async Task<IReadOnlyList<(string JobArn, string MetricName)>> ListAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT job_arn, metric FROM metric_samples WHERE timestamp >= $since ORDER BY job_arn, metric;";
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        var listed = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            listed.Add((reader.GetString(0), reader.GetString(1)));
        }

        return listed;
    }

    public void Dispose() => connections.ClearPool();
}
