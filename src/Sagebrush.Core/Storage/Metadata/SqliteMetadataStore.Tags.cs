using Microsoft.Data.Sqlite;

namespace Sagebrush.Core.Storage.Metadata;

public sealed partial class SqliteMetadataStore
{
    /// <summary>Throws <see cref="ResourceNotFoundException"/> when no stored resource has that ARN.</summary>
    public async Task SetTagsAsync(string arn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(arn);
        ArgumentNullException.ThrowIfNull(tags);

        await using var connection = await OpenAsync(cancellationToken);
        // IMMEDIATE: reading the next position and writing with it must not interleave with another tagger.
        await using var transaction = connection.BeginTransaction(deferred: false);

        await using var next = connection.CreateCommand();
        next.Transaction = transaction;
        next.CommandText = """
            SELECT EXISTS (SELECT 1 FROM resources WHERE arn = $arn),
                   COALESCE((SELECT MAX(position) FROM tags WHERE arn = $arn), 0) + 1;
            """;
        next.Parameters.AddWithValue("$arn", arn);
        long position;
        await using (var reader = await next.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            if (!reader.GetBoolean(0))
            {
                throw new ResourceNotFoundException($"Resource {arn} does not exist.");
            }

            position = reader.GetInt64(1);
        }

        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        // Overwriting a value keeps the tag's original position: order is the order keys were first added.
        upsert.CommandText = """
            INSERT INTO tags (arn, key, value, position) VALUES ($arn, $key, $value, $position)
            ON CONFLICT (arn, key) DO UPDATE SET value = excluded.value;
            """;
        upsert.Parameters.AddWithValue("$arn", arn);
        var keyParameter = upsert.Parameters.Add("$key", SqliteType.Text);
        var valueParameter = upsert.Parameters.Add("$value", SqliteType.Text);
        var positionParameter = upsert.Parameters.Add("$position", SqliteType.Integer);
        foreach (var (key, value) in tags)
        {
            keyParameter.Value = key;
            valueParameter.Value = value;
            positionParameter.Value = position++;
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Keys that are not present, and ARNs that do not exist, are ignored.</summary>
    public async Task RemoveTagsAsync(string arn, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(arn);
        ArgumentNullException.ThrowIfNull(keys);

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM tags WHERE arn = $arn AND key = $key;";
        delete.Parameters.AddWithValue("$arn", arn);
        var keyParameter = delete.Parameters.Add("$key", SqliteType.Text);
        foreach (var key in keys)
        {
            keyParameter.Value = key;
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> GetTagsAsync(string arn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(arn);

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, value FROM tags WHERE arn = $arn ORDER BY position;";
        command.Parameters.AddWithValue("$arn", arn);

        var tags = new List<KeyValuePair<string, string>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tags.Add(new(reader.GetString(0), reader.GetString(1)));
        }

        return tags;
    }
}
