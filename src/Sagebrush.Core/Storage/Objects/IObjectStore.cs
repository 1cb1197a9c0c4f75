namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// The object store, as S3 sees it and as the rest of Sagebrush uses it (staging training data,
/// writing model artifacts). Backend-neutral: the disk store implements it now, an S3-backed store can later.
/// Errors are <see cref="Common.AwsException"/> with S3's codes (<c>NoSuchBucket</c>, <c>NoSuchKey</c>, ...).
/// An object becomes visible only when it has been completely and durably written.
/// </summary>
public interface IObjectStore
{
    Task CreateBucketAsync(string bucket, CancellationToken cancellationToken = default);

    /// <summary>Fails with <c>BucketNotEmpty</c> while objects remain; multipart uploads in progress are aborted with it, as on S3.</summary>
    Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken = default);

    Task<BucketInfo?> GetBucketAsync(string bucket, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams <paramref name="body"/> to durable storage. The body is read to its end before anything is
    /// committed; if reading throws (a bad chunk signature, a client that hangs up), nothing is stored.
    /// </summary>
    Task<ObjectInfo> PutObjectAsync(string bucket, string key, Stream body, ObjectWrite write, CancellationToken cancellationToken = default);

    /// <summary>Returns null when the key does not exist; throws <c>NoSuchBucket</c> when the bucket does not.</summary>
    Task<ObjectInfo?> HeadObjectAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>HeadObject with the SSE-C key an encrypted object needs (S3's errors when it is missing or wrong).</summary>
    Task<ObjectInfo?> HeadObjectAsync(string bucket, string key, Encryption.CustomerKey? customerKey, CancellationToken cancellationToken = default);

    /// <summary>Opens the object's bytes, or the inclusive byte range when given. Throws <c>NoSuchKey</c>.</summary>
    Task<ObjectContent> GetObjectAsync(string bucket, string key, ByteRange? range = null, CancellationToken cancellationToken = default);

    /// <summary>GetObject of an object that may be encrypted with a customer's key (SSE-C): the key decrypts it.</summary>
    Task<ObjectContent> GetObjectAsync(string bucket, string key, ByteRange? range, Encryption.CustomerKey? customerKey, CancellationToken cancellationToken = default);

    /// <summary>Deleting a key that does not exist succeeds, as in S3. Returns whether something was deleted.</summary>
    Task<bool> DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>Copies the source's bytes; metadata from <paramref name="replaceMetadata"/> when given, tags from <paramref name="tags"/> when given, else the source's.</summary>
    Task<ObjectInfo> CopyObjectAsync(string sourceBucket, string sourceKey, string bucket, string key, ObjectWrite? replaceMetadata, IReadOnlyList<ObjectTag>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>CopyObject with the source's SSE-C key and the new object's encryption.</summary>
    Task<ObjectInfo> CopyObjectAsync(string sourceBucket, string sourceKey, string bucket, string key, ObjectWrite? replaceMetadata, IReadOnlyList<ObjectTag>? tags, Encryption.CopyEncryption encryption, CancellationToken cancellationToken = default);

    /// <summary>
    /// The object and the parts it was completed from (sizes, and checksums when the upload had an algorithm), in order (empty when it was not uploaded in parts,
    /// or is a copy of such an object); <c>NoSuchKey</c> when there is no object.
    /// </summary>
    Task<(ObjectInfo Info, IReadOnlyList<ObjectPart> Parts)> GetObjectPartsAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>The object's tags (empty when it has none); <c>NoSuchKey</c> when there is no object.</summary>
    Task<IReadOnlyList<ObjectTag>> GetObjectTaggingAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>Replaces the object's tags (an empty set removes them); <c>InvalidTag</c> or <c>NoSuchKey</c> as S3.</summary>
    Task PutObjectTaggingAsync(string bucket, string key, IReadOnlyList<ObjectTag> tags, CancellationToken cancellationToken = default);

    Task<ObjectListing> ListObjectsAsync(string bucket, ListObjectsQuery query, CancellationToken cancellationToken = default);

    Task<MultipartUpload> CreateMultipartUploadAsync(string bucket, string key, ObjectWrite write, CancellationToken cancellationToken = default);

    Task<PartInfo> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, Stream body, BodyCheck check, CancellationToken cancellationToken = default);

    /// <summary>UploadPart with the SSE-C key an upload created with one needs for every part.</summary>
    Task<PartInfo> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, Stream body, BodyCheck check, Encryption.CustomerKey? customerKey, CancellationToken cancellationToken = default);

    /// <summary>Fails with <c>InvalidPart</c>, <c>InvalidPartOrder</c>, <c>EntityTooSmall</c> or <c>NoSuchUpload</c> as S3 does.</summary>
    /// <param name="expectedChecksum">The client's composite checksum for the upload's algorithm (<c>x-amz-checksum-*</c> on Complete), or null; a mismatch is <c>BadDigest</c> and nothing is completed.</param>
    Task<ObjectInfo> CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<CompletedPart> parts, string? expectedChecksum = null, CancellationToken cancellationToken = default);

    Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken = default);

    Task<PartListing> ListPartsAsync(string bucket, string key, string uploadId, int partNumberMarker, int maxParts, CancellationToken cancellationToken = default);

    Task<UploadListing> ListMultipartUploadsAsync(string bucket, ListUploadsQuery query, CancellationToken cancellationToken = default);
}
