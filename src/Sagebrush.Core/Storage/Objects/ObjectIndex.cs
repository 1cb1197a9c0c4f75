using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sagebrush.Core.Storage.Sqlite;

namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// The SQLite index of buckets, objects and their blobs, uploads and parts (<c>index.db</c>). WAL lets readers run beside the
/// writer; synchronous=FULL makes a commit durable before it returns; writes take one in-process lock so
/// concurrent requests queue here instead of spinning on SQLITE_BUSY. A pooled connection per operation.
/// </summary>
internal sealed partial class ObjectIndex : IDisposable
{
    private readonly string _connectionString;
    private readonly Lock _writeLock = new();

    public ObjectIndex(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        using var connection = Open();
        SqliteMigrationRunner.ApplyInWalMode(connection, IndexMigrations.Steps);
    }

    public void Dispose()
    {
        // Pooled connections would keep index.db open after the store is gone.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Every blob id a row points at: the blobs of objects and the parts of uploads in progress.</summary>
    public HashSet<string> ReferencedBlobs() => Read(connection =>
        Query(connection, "SELECT blob_id FROM object_blobs UNION SELECT blob_id FROM parts", reader => reader.GetString(0))
            .ToHashSet(StringComparer.Ordinal));

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, null, "PRAGMA synchronous=FULL");
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction, one writer at a time.</summary>
    private T Write<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        lock (_writeLock)
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            var result = work(connection, transaction);
            transaction.Commit();
            return result;
        }
    }

    private T Read<T>(Func<SqliteConnection, T> work)
    {
        using var connection = Open();
        return work(connection);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static bool Exists(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteScalar() is not null;
    }

    private static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters) =>
        Query(connection, null, sql, map, parameters);

    private static List<T> Query<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static bool BucketExists(SqliteConnection connection, SqliteTransaction? transaction, string bucket) =>
        Exists(connection, transaction, "SELECT 1 FROM buckets WHERE name = $bucket", ("$bucket", bucket));

    private static string ToJson(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(values), CoreJsonContext.Default.DictionaryStringString);

    private static Dictionary<string, string> FromJson(string json, StringComparer comparer) =>
        new(JsonSerializer.Deserialize(json, CoreJsonContext.Default.DictionaryStringString) ?? [], comparer);

    private static long ToMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    private static ChecksumAlgorithm? ParseAlgorithm(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Enum.Parse<ChecksumAlgorithm>(reader.GetString(ordinal));

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>The key bound of a listing scan; bound as bytes and cast so it may be any byte string.</summary>
    private static string KeyBound(string column, ListPosition position) =>
        $"{column} {(position.Inclusive ? ">=" : ">")} CAST($from AS TEXT)";
}
