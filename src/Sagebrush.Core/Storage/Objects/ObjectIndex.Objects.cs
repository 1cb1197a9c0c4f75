using Microsoft.Data.Sqlite;

namespace Sagebrush.Core.Storage.Objects;

internal sealed partial class ObjectIndex
{
    private const string ObjectColumns =
        "bucket, object_key, size, etag, last_modified_ms, headers, metadata, checksum_algorithm, checksum, checksum_type, parts_count, encryption";

    // The same columns, qualified: object_blobs has a bucket, an object_key and a size of its own.
    private static readonly string ObjectColumnsOfO = string.Join(", ", ObjectColumns.Split(", ").Select(column => "o." + column));

    /// <summary>The object's tag set; null when there is no such object.</summary>
    public IReadOnlyList<ObjectTag>? GetObjectTags(string bucket, string key) => Read(connection =>
    {
        var rows = Query(connection, "SELECT t.tags FROM objects o LEFT JOIN object_tags t ON t.bucket = o.bucket AND t.object_key = o.object_key WHERE o.bucket = $bucket AND o.object_key = $key",
            reader => reader.IsDBNull(0) ? null : reader.GetString(0), ("$bucket", bucket), ("$key", key));
        return rows.Count == 0 ? null : TagsFromJson(rows[0]);
    });

    /// <summary>Replaces the object's tag set (empty: removes it); false when there is no such object.</summary>
    public bool SetObjectTags(string bucket, string key, IReadOnlyList<ObjectTag> tags) => Write((connection, transaction) =>
    {
        if (Query(connection, transaction, "SELECT 1 FROM objects WHERE bucket = $bucket AND object_key = $key", reader => true, ("$bucket", bucket), ("$key", key)).Count == 0)
        {
            return false;
        }

        WriteTags(connection, transaction, bucket, key, tags);
        return true;
    });

    public ObjectInfo? GetObject(string bucket, string key) => Read(connection =>
        Query(connection, $"SELECT {ObjectColumns} FROM objects WHERE bucket = $bucket AND object_key = $key", ReadObject,
            ("$bucket", bucket), ("$key", key)).FirstOrDefault());

    /// <summary>The object's row with its blobs in order, read by one statement so both come from the same commit.</summary>
    public StoredObject? GetObjectWithBlobs(string bucket, string key) => Read(connection =>
    {
        var rows = Query(connection,
            $"""
            SELECT {ObjectColumnsOfO}, b.blob_id, b.size, b.checksum
            FROM objects o JOIN object_blobs b ON b.bucket = o.bucket AND b.object_key = o.object_key
            WHERE o.bucket = $bucket AND o.object_key = $key ORDER BY b.position
            """,
            reader => (Info: ReadObject(reader), Blob: new ObjectBlob(reader.GetString(12), reader.GetInt64(13)) { Checksum = NullableString(reader, 14) }),
            ("$bucket", bucket), ("$key", key));
        return rows.Count == 0 ? null : new StoredObject(rows[0].Info, [.. rows.Select(row => row.Blob)]);
    });

    /// <summary>Inserts or replaces the object's row; returns the blobs of the object it replaced, which the caller deletes.</summary>
    public IReadOnlyList<string> PutObject(StoredObject stored, WriteCondition? condition = null) => Write((connection, transaction) =>
    {
        if (condition is not null)
        {
            var current = Query(connection, transaction, "SELECT etag FROM objects WHERE bucket = $bucket AND object_key = $key",
                reader => reader.GetString(0), ("$bucket", stored.Info.Bucket), ("$key", stored.Info.Key)).FirstOrDefault();
            condition.Check(stored.Info.Key, current);
        }

        return ReplaceObject(connection, transaction, stored);
    });

    /// <summary>Returns the blob ids of the deleted object, or null when there was none.</summary>
    public IReadOnlyList<string>? DeleteObject(string bucket, string key) => Write((connection, transaction) =>
    {
        var blobs = RemoveObject(connection, transaction, bucket, key);
        return blobs.Count == 0 ? null : blobs;
    });

    public IReadOnlyList<ObjectInfo> ScanObjects(string bucket, ListPosition position, int limit) => Read(connection =>
        Query(connection, $"SELECT {ObjectColumns} FROM objects WHERE bucket = $bucket AND {KeyBound("object_key", position)} ORDER BY object_key LIMIT $limit",
            ReadObject, ("$bucket", bucket), ("$from", position.Key), ("$limit", limit)));

    /// <summary>Writes the object's row and its blob list over any existing one; returns the replaced object's blob ids.</summary>
    private static List<string> ReplaceObject(SqliteConnection connection, SqliteTransaction transaction, StoredObject stored)
    {
        var info = stored.Info;
        if (!BucketExists(connection, transaction, info.Bucket))
        {
            throw S3Errors.NoSuchBucket(info.Bucket);
        }

        var replaced = RemoveObject(connection, transaction, info.Bucket, info.Key);
        Execute(connection, transaction,
            $"INSERT INTO objects ({ObjectColumns}) VALUES ($bucket, $key, $size, $etag, $modified, $headers, $metadata, $algorithm, $checksum, $checksumType, $parts, $encryption)",
            ("$bucket", info.Bucket), ("$key", info.Key), ("$size", info.Size), ("$etag", info.ETag),
            ("$modified", ToMilliseconds(info.LastModified)), ("$headers", ToJson(info.Headers)), ("$metadata", ToJson(info.Metadata)),
            ("$algorithm", info.ChecksumAlgorithm?.ToString()), ("$checksum", info.Checksum), ("$checksumType", info.ChecksumType),
            ("$parts", info.PartsCount), ("$encryption", EncryptionToJson(info.Encryption)));

        // One prepared statement for up to 10,000 parts.
        using var insert = Command(connection, transaction,
            "INSERT INTO object_blobs (bucket, object_key, position, blob_id, size, checksum) VALUES ($bucket, $key, $position, $blob, $size, $checksum)",
            ("$bucket", info.Bucket), ("$key", info.Key), ("$position", 0), ("$blob", ""), ("$size", 0L), ("$checksum", null));
        for (var position = 0; position < stored.Blobs.Count; position++)
        {
            insert.Parameters["$position"].Value = position;
            insert.Parameters["$blob"].Value = stored.Blobs[position].BlobId;
            insert.Parameters["$size"].Value = stored.Blobs[position].Size;
            insert.Parameters["$checksum"].Value = (object?)stored.Blobs[position].Checksum ?? DBNull.Value;
            insert.ExecuteNonQuery();
        }

        WriteTags(connection, transaction, info.Bucket, info.Key, stored.Tags);
        return replaced;
    }

    /// <summary>Kept in key order: S3 answers a tag set sorted by key, whatever order it was given in.</summary>
    private static void WriteTags(SqliteConnection connection, SqliteTransaction transaction, string bucket, string key, IReadOnlyList<ObjectTag> tags)
    {
        Execute(connection, transaction, "DELETE FROM object_tags WHERE bucket = $bucket AND object_key = $key", ("$bucket", bucket), ("$key", key));
        if (tags.Count > 0)
        {
            Execute(connection, transaction, "INSERT INTO object_tags (bucket, object_key, tags) VALUES ($bucket, $key, $tags)",
                ("$bucket", bucket), ("$key", key), ("$tags", TagsToJson(tags)));
        }
    }

    private static string TagsToJson(IReadOnlyList<ObjectTag> tags) =>
        System.Text.Json.JsonSerializer.Serialize(tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new[] { t.Key, t.Value }).ToArray(), CoreJsonContext.Default.StringArrayArray);

    private static IReadOnlyList<ObjectTag> TagsFromJson(string? json) =>
        json is null ? [] : [.. System.Text.Json.JsonSerializer.Deserialize(json, CoreJsonContext.Default.StringArrayArray)!.Select(pair => new ObjectTag(pair[0], pair[1]))];

    /// <summary>Deletes the object's row and blob list; returns its blob ids, none when there was no object.</summary>
    private static List<string> RemoveObject(SqliteConnection connection, SqliteTransaction transaction, string bucket, string key)
    {
        Execute(connection, transaction, "DELETE FROM object_tags WHERE bucket = $bucket AND object_key = $key", ("$bucket", bucket), ("$key", key));
        var blobs = Query(connection, transaction, "DELETE FROM object_blobs WHERE bucket = $bucket AND object_key = $key RETURNING blob_id",
            reader => reader.GetString(0), ("$bucket", bucket), ("$key", key));
        Execute(connection, transaction, "DELETE FROM objects WHERE bucket = $bucket AND object_key = $key", ("$bucket", bucket), ("$key", key));
        return blobs;
    }

    private static ObjectInfo ReadObject(SqliteDataReader reader) =>
        new(
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
            Encryption = EncryptionFromJson(NullableString(reader, 11)),
        };

    private static string? EncryptionToJson(Encryption.ObjectEncryption? encryption) =>
        encryption is null ? null : System.Text.Json.JsonSerializer.Serialize(encryption, CoreJsonContext.Default.ObjectEncryption);

    private static Encryption.ObjectEncryption? EncryptionFromJson(string? json) =>
        json is null ? null : System.Text.Json.JsonSerializer.Deserialize(json, CoreJsonContext.Default.ObjectEncryption);
}
