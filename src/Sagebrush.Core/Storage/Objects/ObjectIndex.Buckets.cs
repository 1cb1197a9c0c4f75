namespace Sagebrush.Core.Storage.Objects;

internal sealed partial class ObjectIndex
{
    /// <summary>Returns false when the bucket exists already.</summary>
    public bool InsertBucket(BucketInfo bucket) => Write((connection, transaction) =>
        Execute(connection, transaction, "INSERT INTO buckets (name, created_ms) VALUES ($name, $created) ON CONFLICT (name) DO NOTHING",
            ("$name", bucket.Name), ("$created", ToMilliseconds(bucket.CreationDate))) == 1);

    /// <summary>Deletes an empty bucket; throws <c>NoSuchBucket</c> or <c>BucketNotEmpty</c>.</summary>
    public void DeleteBucket(string bucket) => Write((connection, transaction) =>
    {
        if (!BucketExists(connection, transaction, bucket))
        {
            throw S3Errors.NoSuchBucket(bucket);
        }

        if (Exists(connection, transaction, "SELECT 1 FROM objects WHERE bucket = $bucket LIMIT 1", ("$bucket", bucket))
            || Exists(connection, transaction, "SELECT 1 FROM uploads WHERE bucket = $bucket LIMIT 1", ("$bucket", bucket)))
        {
            throw S3Errors.BucketNotEmpty(bucket);
        }

        return Execute(connection, transaction, "DELETE FROM buckets WHERE name = $bucket", ("$bucket", bucket));
    });

    public BucketInfo? GetBucket(string bucket) => Read(connection =>
        Query(connection, "SELECT name, created_ms FROM buckets WHERE name = $bucket", ReadBucket, ("$bucket", bucket)).FirstOrDefault());

    public bool HasBucket(string bucket) => Read(connection => BucketExists(connection, null, bucket));

    public IReadOnlyList<BucketInfo> ListBuckets() => Read(connection =>
        Query(connection, "SELECT name, created_ms FROM buckets ORDER BY name", ReadBucket));

    private static BucketInfo ReadBucket(Microsoft.Data.Sqlite.SqliteDataReader reader) =>
        new(reader.GetString(0), FromMilliseconds(reader.GetInt64(1)));
}
