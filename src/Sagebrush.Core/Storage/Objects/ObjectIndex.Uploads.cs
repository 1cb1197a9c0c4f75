using Microsoft.Data.Sqlite;

namespace Sagebrush.Core.Storage.Objects;

internal sealed partial class ObjectIndex
{
    private const string UploadColumns = "upload_id, bucket, object_key, initiated_ms, headers, metadata, checksum_algorithm, tags, encryption";
    private const string PartColumns = "part_number, etag, size, last_modified_ms, checksum, blob_id";

    public void InsertUpload(StoredUpload stored) => Write((connection, transaction) =>
    {
        var upload = stored.Upload;
        if (!BucketExists(connection, transaction, upload.Bucket))
        {
            throw S3Errors.NoSuchBucket(upload.Bucket);
        }

        return Execute(connection, transaction,
            $"INSERT INTO uploads ({UploadColumns}) VALUES ($id, $bucket, $key, $initiated, $headers, $metadata, $algorithm, $tags, $encryption)",
            ("$id", upload.UploadId), ("$bucket", upload.Bucket), ("$key", upload.Key), ("$initiated", ToMilliseconds(upload.Initiated)),
            ("$headers", ToJson(stored.Headers)), ("$metadata", ToJson(stored.Metadata)), ("$algorithm", upload.ChecksumAlgorithm?.ToString()),
            ("$tags", stored.Tags.Count == 0 ? null : TagsToJson(stored.Tags)), ("$encryption", EncryptionToJson(upload.Encryption)));
    });

    public StoredUpload? GetUpload(string uploadId) => Read(connection =>
        Query(connection, $"SELECT {UploadColumns} FROM uploads WHERE upload_id = $id", ReadUpload, ("$id", uploadId)).FirstOrDefault());

    /// <summary>Deletes the upload and its parts; returns the parts' blob ids, or null when the upload is gone.</summary>
    public IReadOnlyList<string>? DeleteUpload(string uploadId) => Write((connection, transaction) =>
    {
        var blobs = PartBlobs(connection, transaction, uploadId);
        return Execute(connection, transaction, "DELETE FROM uploads WHERE upload_id = $id", ("$id", uploadId)) == 1 ? blobs : null;
    });

    /// <summary>Records a part, replacing one with the same number; returns the replaced blob id. Throws <c>NoSuchUpload</c>.</summary>
    public string? PutPart(string uploadId, StoredPart stored) => Write((connection, transaction) =>
    {
        if (!Exists(connection, transaction, "SELECT 1 FROM uploads WHERE upload_id = $id", ("$id", uploadId)))
        {
            throw S3Errors.NoSuchUpload(uploadId);
        }

        string? replaced;
        using (var old = Command(connection, transaction, "SELECT blob_id FROM parts WHERE upload_id = $id AND part_number = $number",
            ("$id", uploadId), ("$number", stored.Info.PartNumber)))
        {
            replaced = old.ExecuteScalar() as string;
        }

        var part = stored.Info;
        Execute(connection, transaction,
            $"INSERT OR REPLACE INTO parts (upload_id, {PartColumns}) VALUES ($id, $number, $etag, $size, $modified, $checksum, $blob)",
            ("$id", uploadId), ("$number", part.PartNumber), ("$etag", part.ETag), ("$size", part.Size),
            ("$modified", ToMilliseconds(part.LastModified)), ("$checksum", part.Checksum), ("$blob", stored.BlobId));
        return replaced;
    });

    /// <summary>Parts with numbers above <paramref name="after"/>, in order.</summary>
    public IReadOnlyList<StoredPart> ListParts(string uploadId, int after, int limit) => Read(connection =>
        Query(connection, $"SELECT {PartColumns} FROM parts WHERE upload_id = $id AND part_number > $after ORDER BY part_number LIMIT $limit",
            ReadPart, ("$id", uploadId), ("$after", after), ("$limit", limit)));

    /// <summary>
    /// Makes the completed object visible and ends the upload in one transaction: the chosen parts' blobs become the
    /// object's, so no byte moves. Returns the blobs no row references any more (the unchosen parts, the replaced
    /// object's), which the caller deletes. Throws <c>NoSuchUpload</c> when the upload was completed or aborted
    /// meanwhile, <c>InvalidPart</c> when a chosen part was re-uploaded since it was chosen.
    /// </summary>
    public IReadOnlyList<string> CompleteUpload(string uploadId, StoredObject stored, IReadOnlyList<StoredPart> chosen) => Write((connection, transaction) =>
    {
        var current = Query(connection, transaction, "SELECT part_number, blob_id FROM parts WHERE upload_id = $id",
            reader => (Number: reader.GetInt32(0), BlobId: reader.GetString(1)), ("$id", uploadId)).ToDictionary(part => part.Number, part => part.BlobId);
        if (Execute(connection, transaction, "DELETE FROM uploads WHERE upload_id = $id", ("$id", uploadId)) != 1)
        {
            throw S3Errors.NoSuchUpload(uploadId);
        }

        foreach (var part in chosen)
        {
            if (!current.TryGetValue(part.Info.PartNumber, out var blobId) || blobId != part.BlobId)
            {
                throw S3Errors.InvalidPart(uploadId, part.Info.PartNumber, part.Info.ETag);
            }

            current.Remove(part.Info.PartNumber);
        }

        var released = ReplaceObject(connection, transaction, stored);
        released.AddRange(current.Values);
        var completed = ToMilliseconds(stored.Info.LastModified);
        Execute(connection, transaction, "DELETE FROM completed_uploads WHERE completed_ms < $cutoff", ("$cutoff", completed - CompletedUploadsKeptMs));
        Execute(connection, transaction,
            "INSERT OR REPLACE INTO completed_uploads (upload_id, bucket, object_key, etag, completed_ms) VALUES ($id, $bucket, $key, $etag, $completed)",
            ("$id", uploadId), ("$bucket", stored.Info.Bucket), ("$key", stored.Info.Key), ("$etag", stored.Info.ETag), ("$completed", completed));
        return released;
    });

    /// <summary>How long a completed upload is remembered for a retried CompleteMultipartUpload: a day.</summary>
    private const long CompletedUploadsKeptMs = 24L * 60 * 60 * 1000;

    /// <summary>
    /// The object a recent CompleteMultipartUpload of <paramref name="uploadId"/> made at this key, if it is still
    /// there unchanged (same ETag); null when the upload is unknown, older than a day, or the object was replaced.
    /// </summary>
    public ObjectInfo? CompletedObject(string uploadId, string bucket, string key) => Read(connection =>
        Query(connection,
            $"""
            SELECT {ObjectColumnsOfO} FROM completed_uploads c
            JOIN objects o ON o.bucket = c.bucket AND o.object_key = c.object_key AND o.etag = c.etag
            WHERE c.upload_id = $id AND c.bucket = $bucket AND c.object_key = $key
            """,
            ReadObject, ("$id", uploadId), ("$bucket", bucket), ("$key", key)).FirstOrDefault());

    public IReadOnlyList<StoredUpload> ScanUploads(string bucket, ListPosition position, int limit)
    {
        var bound = position.UploadIdAfter is null
            ? KeyBound("object_key", position)
            : "(object_key, upload_id) > (CAST($from AS TEXT), $uploadId)";
        return Read(connection => Query(connection,
            $"SELECT {UploadColumns} FROM uploads WHERE bucket = $bucket AND {bound} ORDER BY object_key, upload_id LIMIT $limit",
            ReadUpload, ("$bucket", bucket), ("$from", position.Key), ("$uploadId", position.UploadIdAfter), ("$limit", limit)));
    }

    private static List<string> PartBlobs(SqliteConnection connection, SqliteTransaction transaction, string uploadId) =>
        Query(connection, transaction, "SELECT blob_id FROM parts WHERE upload_id = $id", reader => reader.GetString(0), ("$id", uploadId));

    private static StoredUpload ReadUpload(SqliteDataReader reader)
    {
        var upload = new MultipartUpload(reader.GetString(1), reader.GetString(2), reader.GetString(0), FromMilliseconds(reader.GetInt64(3)))
        {
            ChecksumAlgorithm = ParseAlgorithm(reader, 6),
            Encryption = EncryptionFromJson(NullableString(reader, 8)),
        };
        return new StoredUpload(upload, FromJson(reader.GetString(4), StringComparer.OrdinalIgnoreCase), FromJson(reader.GetString(5), StringComparer.Ordinal))
        {
            Tags = TagsFromJson(NullableString(reader, 7)),
        };
    }

    private static StoredPart ReadPart(SqliteDataReader reader) =>
        new(new PartInfo(reader.GetInt32(0), reader.GetString(1), reader.GetInt64(2), FromMilliseconds(reader.GetInt64(3)))
        {
            Checksum = NullableString(reader, 4),
        }, reader.GetString(5));
}
