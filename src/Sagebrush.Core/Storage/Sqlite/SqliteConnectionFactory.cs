using Microsoft.Data.Sqlite;

namespace Sagebrush.Core.Storage.Sqlite;

/// <summary>
/// Opens pooled connections to one SQLite file and applies the per-connection pragmas (foreign_keys, synchronous,
/// busy_timeout do not persist in the file, so every connection needs them). Shared by the SQLite stores.
/// </summary>
public sealed class SqliteConnectionFactory(string connectionString, string connectionPragmas)
{
    public string ConnectionString { get; } = connectionString;

    /// <summary>
    /// A pooled factory for the database file at <paramref name="databasePath"/> (its directory made if needed), in
    /// write-ahead-log mode and migrated to <paramref name="steps"/>: what a store that only writes its own file needs.
    /// </summary>
    public static SqliteConnectionFactory OpenFile(string databasePath, string connectionPragmas, IReadOnlyList<SchemaMigration> steps)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var factory = new SqliteConnectionFactory(
            new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString(), connectionPragmas);
        using var connection = factory.Open();
        SqliteMigrationRunner.ApplyInWalMode(connection, steps);
        return factory;
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = connectionPragmas;
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = connectionPragmas;
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pooled connections keep the file open; releasing them lets the data dir be moved or deleted.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
    }
}
