using Microsoft.Data.Sqlite;

namespace Sagebrush.Core.Storage.Sqlite;

/// <summary>
/// Brings any Sagebrush SQLite database up to date from an ordered list of steps. Applied versions are recorded in
/// <c>schema_version</c>, so reopening a migrated database runs nothing. Shared by the metadata store and the
/// object store's index; each brings its own steps.
/// </summary>
public static class SqliteMigrationRunner
{
    /// <summary>
    /// Puts the database in write-ahead-log mode, then applies the missing steps: how every Sagebrush store opens its
    /// file for writing. journal_mode is stored in the file, so setting it once covers every later connection.
    /// </summary>
    public static int ApplyInWalMode(SqliteConnection connection, IReadOnlyList<SchemaMigration> steps)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        return Apply(connection, steps);
    }

    /// <summary>Applies the missing steps, each in its own transaction; returns the version the database ends at.</summary>
    /// <exception cref="InvalidOperationException">The database was written by a newer Sagebrush.</exception>
    public static int Apply(SqliteConnection connection, IReadOnlyList<SchemaMigration> steps)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(steps);
        EnsureAscending(steps);

        Execute(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER PRIMARY KEY,
                applied_at TEXT NOT NULL
            );
            """);

        var latestKnown = steps.Count == 0 ? 0 : steps[^1].Version;
        var current = CurrentVersion(connection, null);
        if (current > latestKnown)
        {
            throw NewerThanSupported(connection, current, latestKnown);
        }

        foreach (var step in steps)
        {
            // IMMEDIATE takes the write lock before reading the version, so two processes opening the same
            // file at once cannot both apply a step.
            using var transaction = connection.BeginTransaction(deferred: false);
            if (CurrentVersion(connection, transaction) >= step.Version)
            {
                continue;
            }

            Execute(connection, transaction, step.Sql);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES ($version, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));";
            record.Parameters.AddWithValue("$version", step.Version);
            record.ExecuteNonQuery();
            transaction.Commit();
            current = step.Version;
        }

        return current;
    }

    public static int CurrentVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void EnsureAscending(IReadOnlyList<SchemaMigration> steps)
    {
        var previous = 0;
        foreach (var step in steps)
        {
            if (step.Version <= previous)
            {
                throw new ArgumentException($"Migration versions must start above 0 and ascend strictly; {step.Version} follows {previous}.", nameof(steps));
            }

            previous = step.Version;
        }
    }

    private static InvalidOperationException NewerThanSupported(SqliteConnection connection, int current, int latestKnown) =>
        new($"The database {connection.DataSource} is at schema version {current}, but this Sagebrush only knows versions up to " +
            $"{latestKnown}. It was written by a newer Sagebrush: upgrade Sagebrush, or point it at another data directory.");

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
