using Microsoft.Data.Sqlite;

namespace Sagebrush.Core.Storage.Objects;

internal sealed partial class ObjectIndex
{
    private const string ObjectColumns =
        "bucket, object_key, size, etag, last_modified_ms, headers, metadata, checksum_algorithm, checksum, checksum_type, parts_count, blob_id";

    public StoredObject? GetObject(string bucket, string key) => Read(connection =>
        Query(connection, $"SELECT {ObjectColumns} FROM objects WHERE bucket = $bucket AND object_key = $key", ReadObject,
            ("$bucket", bucket), ("$key", key)).FirstOrDefault());

    /// <summary>Inserts or replaces the object's row; returns the blob id it replaced, which the caller deletes.</summary>
    public string? PutObject(StoredObject stored) => Write((connection, transaction) => ReplaceObject(connection, transaction, stored));

    /// <summary>Returns the blob id of the deleted row, or null when there was none.</summary>
    public string? DeleteObject(string bucket, string key) => Write((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "DELETE FROM objects WHERE bucket = $bucket AND object_key = $key RETURNING blob_id",
            ("$bucket", bucket), ("$key", key));
        return command.ExecuteScalar() as string;
    });

    public IReadOnlyList<StoredObject> ScanObjects(string bucket, ListPosition position, int limit) => Read(connection =>
        Query(connection, $"SELECT {ObjectColumns} FROM objects WHERE bucket = $bucket AND {KeyBound("object_key", position)} ORDER BY object_key LIMIT $limit",
            ReadObject, ("$bucket", bucket), ("$from", position.Key), ("$limit", limit)));

    private static string? ReplaceObject(SqliteConnection connection, SqliteTransaction transaction, StoredObject stored)
    {
        var info = stored.Info;
        if (!BucketExists(connection, transaction, info.Bucket))
        {
            throw S3Errors.NoSuchBucket(info.Bucket);
        }

        string? replaced;
        using (var old = Command(connection, transaction, "SELECT blob_id FROM objects WHERE bucket = $bucket AND object_key = $key",
            ("$bucket", info.Bucket), ("$key", info.Key)))
        {
            replaced = old.ExecuteScalar() as string;
        }

        Execute(connection, transaction,
            $"INSERT OR REPLACE INTO objects ({ObjectColumns}) VALUES ($bucket, $key, $size, $etag, $modified, $headers, $metadata, $algorithm, $checksum, $checksumType, $parts, $blob)",
            ("$bucket", info.Bucket), ("$key", info.Key), ("$size", info.Size), ("$etag", info.ETag),
            ("$modified", ToMilliseconds(info.LastModified)), ("$headers", ToJson(info.Headers)), ("$metadata", ToJson(info.Metadata)),
            ("$algorithm", info.ChecksumAlgorithm?.ToString()), ("$checksum", info.Checksum), ("$checksumType", info.ChecksumType),
            ("$parts", info.PartsCount), ("$blob", stored.BlobId));
        return replaced;
    }

    private static StoredObject ReadObject(SqliteDataReader reader)
    {
        var info = new ObjectInfo(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetInt64(2),
            reader.GetString(3),
            FromMilliseconds(reader.GetInt64(4)),
            FromJson(reader.GetString(5), StringComparer.OrdinalIgnoreCase),
            FromJson(reader.GetString(6), StringComparer.Ordinal))
        {
            ChecksumAlgorithm = ParseAlgorithm(reader, 7),
            Checksum = NullableString(reader, 8),
            ChecksumType = NullableString(reader, 9),
            PartsCount = reader.IsDBNull(10) ? null : reader.GetInt32(10),
        };
        return new StoredObject(info, reader.GetString(11));
    }
}
