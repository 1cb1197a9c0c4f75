namespace Sagebrush.Core.Storage.Objects;

internal sealed partial class ObjectIndex
{
    /// <summary>Returns false when the bucket exists already.</summary>
    public bool InsertBucket(BucketInfo bucket) => Write((connection, transaction) =>
        Execute(connection, transaction, "INSERT INTO buckets (name, created_ms) VALUES ($name, $created) ON CONFLICT (name) DO NOTHING",
            ("$name", bucket.Name), ("$created", ToMilliseconds(bucket.CreationDate))) == 1);

    /// <summary>Deletes an empty bucket; throws <c>NoSuchBucket</c> or <c>BucketNotEmpty</c>.</summary>
    /// <summary>
    /// Deletes an empty bucket. Multipart uploads still in progress do not keep it (as on S3): they go with it, and
    /// the blob ids of their parts are returned for the caller to delete.
    /// </summary>
    public IReadOnlyList<string> DeleteBucket(string bucket) => Write((connection, transaction) =>
    {
        if (!BucketExists(connection, transaction, bucket))
        {
            throw S3Errors.NoSuchBucket(bucket);
        }

        if (Exists(connection, transaction, "SELECT 1 FROM objects WHERE bucket = $bucket LIMIT 1", ("$bucket", bucket)))
        {
            throw S3Errors.BucketNotEmpty(bucket);
        }

        var parts = Query(connection, transaction,
            "SELECT p.blob_id FROM parts p JOIN uploads u ON u.upload_id = p.upload_id WHERE u.bucket = $bucket",
            reader => reader.GetString(0), ("$bucket", bucket));
        Execute(connection, transaction, "DELETE FROM parts WHERE upload_id IN (SELECT upload_id FROM uploads WHERE bucket = $bucket)", ("$bucket", bucket));
        Execute(connection, transaction, "DELETE FROM uploads WHERE bucket = $bucket", ("$bucket", bucket));
        Execute(connection, transaction, "DELETE FROM completed_uploads WHERE bucket = $bucket", ("$bucket", bucket));
        Execute(connection, transaction, "DELETE FROM buckets WHERE name = $bucket", ("$bucket", bucket));
        return (IReadOnlyList<string>)parts;
    });

    public BucketInfo? GetBucket(string bucket) => Read(connection =>
        Query(connection, "SELECT name, created_ms FROM buckets WHERE name = $bucket", ReadBucket, ("$bucket", bucket)).FirstOrDefault());

    public bool HasBucket(string bucket) => Read(connection => BucketExists(connection, null, bucket));

    public IReadOnlyList<BucketInfo> ListBuckets() => Read(connection =>
        Query(connection, "SELECT name, created_ms FROM buckets ORDER BY name", ReadBucket));

    private static BucketInfo ReadBucket(Microsoft.Data.Sqlite.SqliteDataReader reader) =>
        new(reader.GetString(0), FromMilliseconds(reader.GetInt64(1)));
}
