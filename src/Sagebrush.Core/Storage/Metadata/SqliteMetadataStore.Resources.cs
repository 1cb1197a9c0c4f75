using Microsoft.Data.Sqlite;

namespace Sagebrush.Core.Storage.Metadata;

public sealed partial class SqliteMetadataStore
{
    private const string RecordColumns = "account, region, type, name, arn, document, created_at, modified_at, version";

    // The name column compares with NOCASE (see MetadataMigrations), so lookups find "MyJob" when asked for "myjob".
    private const string KeyFilter = "account = $account AND region = $region AND type = $type AND name = $name";

    public async Task<ResourceRecord> InsertAsync(ResourceKey key, string arn, string document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(arn);
        ArgumentNullException.ThrowIfNull(document);

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // DO NOTHING plus RETURNING lets the unique constraint pick the winner of a race without an exception:
        // a losing insert simply returns no row.
        command.CommandText = $"""
            INSERT INTO resources ({RecordColumns})
            VALUES ($account, $region, $type, $name, $arn, $document, $now, $now, 1)
            ON CONFLICT DO NOTHING
            RETURNING {RecordColumns};
            """;
        AddKey(command, key);
        command.Parameters.AddWithValue("$arn", arn);
        command.Parameters.AddWithValue("$document", document);
        command.Parameters.AddWithValue("$now", NowUnixMilliseconds());

        return await ReadSingleAsync(command, cancellationToken) ?? throw new ResourceAlreadyExistsException(key, arn);
    }

    public async Task<ResourceRecord?> GetAsync(ResourceKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RecordColumns} FROM resources WHERE {KeyFilter};";
        AddKey(command, key);
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<ResourceRecord> UpdateAsync(ResourceKey key, long expectedVersion, string document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(document);

        await using var connection = await OpenAsync(cancellationToken);
        // IMMEDIATE: the follow-up existence check must see the same state the failed update saw.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = $"""
            UPDATE resources SET document = $document, modified_at = $now, version = version + 1
            WHERE {KeyFilter} AND version = $expectedVersion
            RETURNING {RecordColumns};
            """;
        AddKey(update, key);
        update.Parameters.AddWithValue("$document", document);
        update.Parameters.AddWithValue("$now", NowUnixMilliseconds());
        update.Parameters.AddWithValue("$expectedVersion", expectedVersion);

        var updated = await ReadSingleAsync(update, cancellationToken);
        if (updated is not null)
        {
            await transaction.CommitAsync(cancellationToken);
            return updated;
        }

        await using var exists = connection.CreateCommand();
        exists.Transaction = transaction;
        exists.CommandText = $"SELECT 1 FROM resources WHERE {KeyFilter};";
        AddKey(exists, key);
        throw await exists.ExecuteScalarAsync(cancellationToken) is null
            ? ResourceNotFoundException.For(key)
            : new ConcurrencyException(key);
    }

    public async Task<bool> DeleteAsync(ResourceKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The resource's tags go with it (ON DELETE CASCADE).
        command.CommandText = $"DELETE FROM resources WHERE {KeyFilter};";
        AddKey(command, key);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<ResourceRecord>> ListAsync(string account, string region, string type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(type);

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {RecordColumns} FROM resources
            WHERE account = $account AND region = $region AND type = $type
            ORDER BY created_at, name;
            """;
        command.Parameters.AddWithValue("$account", account);
        command.Parameters.AddWithValue("$region", region);
        command.Parameters.AddWithValue("$type", type);

        var records = new List<ResourceRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(ReadRecord(reader));
        }

        return records;
    }

    private static void AddKey(SqliteCommand command, ResourceKey key)
    {
        command.Parameters.AddWithValue("$account", key.Account);
        command.Parameters.AddWithValue("$region", key.Region);
        command.Parameters.AddWithValue("$type", key.Type);
        command.Parameters.AddWithValue("$name", key.Name);
    }

    private static async Task<ResourceRecord?> ReadSingleAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRecord(reader) : null;
    }

    // Column order follows RecordColumns. The key is rebuilt from the row so callers see the name's stored case.
    private static ResourceRecord ReadRecord(SqliteDataReader reader) => new(
        new ResourceKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)),
        reader.GetString(4),
        reader.GetString(5),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
        reader.GetInt64(8));
}
