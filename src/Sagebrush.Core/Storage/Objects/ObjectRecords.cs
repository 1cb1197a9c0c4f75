namespace Sagebrush.Core.Storage.Objects;

public sealed record BucketInfo(string Name, DateTimeOffset CreationDate);

/// <summary>
/// What a writer states about a new object. <see cref="Headers"/> holds the standard content headers S3 stores
/// and returns (Content-Type, Content-Encoding, Content-Disposition, Content-Language, Cache-Control, Expires);
/// <see cref="Metadata"/> the user metadata (<c>x-amz-meta-*</c>, names lower-cased, without the prefix).
/// </summary>
public sealed record ObjectWrite(
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Metadata,
    BodyCheck Check)
{
    public static ObjectWrite Plain(string contentType = "binary/octet-stream") =>
        new(new Dictionary<string, string> { ["Content-Type"] = contentType }, new Dictionary<string, string>(), BodyCheck.None);

    /// <summary>The checksum algorithm a multipart upload was created with (<c>x-amz-checksum-algorithm</c>).</summary>
    public ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    /// <summary>A conditional write's condition, checked in the same transaction that commits the object; null for none.</summary>
    public WriteCondition? Condition { get; init; }

    /// <summary>The object's tag set (<c>x-amz-tagging</c>); for a copy, null keeps the source's tags.</summary>
    public IReadOnlyList<ObjectTag>? Tags { get; init; }

    /// <summary>Server-side encryption asked for (<c>x-amz-server-side-encryption</c>, SSE-C's headers), or null for none.</summary>
    public Encryption.EncryptionRequest? Encryption { get; init; }
}

/// <summary>
/// S3's conditional writes: <c>If-None-Match: *</c> (only if no object has the key) and <c>If-Match: "etag"</c> (only
/// if the object there now has that ETag). Checked when the object is committed, under the index's write lock, so of
/// two writers racing for an empty key exactly one wins.
/// </summary>
public sealed record WriteCondition(bool IfNoneMatchAny, string? IfMatchETag)
{
    /// <summary>Throws S3's error when the object now at the key (null: none) fails the condition.</summary>
    public void Check(string key, string? currentETag)
    {
        if (IfNoneMatchAny && currentETag is not null)
        {
            throw S3Errors.PreconditionFailed("If-None-Match");
        }

        if (IfMatchETag is { } wanted)
        {
            if (currentETag is null)
            {
                throw S3Errors.NoSuchKey(key);
            }

            if (wanted.Trim('"') != currentETag && wanted != "*")
            {
                throw S3Errors.PreconditionFailed("If-Match");
            }
        }
    }
}

public enum ChecksumAlgorithm { Crc32, Crc32C, Sha1, Sha256 }

/// <summary>
/// What the body must hash to. The store computes MD5 (for the ETag) and the requested checksum while it
/// streams, then calls <see cref="Verify"/> before committing; an exception there discards the body.
/// Expected values can arrive after the body (aws-chunked trailers), hence a callback rather than values.
/// </summary>
public sealed record BodyCheck(ChecksumAlgorithm? Algorithm, Action<BodyDigests>? Verify)
{
    public static readonly BodyCheck None = new(null, null);
}

/// <summary>Digests of a body as stored: its length, raw MD5, and the requested checksum in base64.</summary>
public sealed record BodyDigests(long Length, byte[] Md5, ChecksumAlgorithm? Algorithm, string? Checksum);

public sealed record ObjectInfo(
    string Bucket,
    string Key,
    long Size,
    string ETag, // unquoted: hex MD5, or hex MD5-of-MD5s with "-N" for multipart
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Content-Type as stored, S3's default when none was given.</summary>
    public string ContentType => Headers.TryGetValue("Content-Type", out var type) ? type : "binary/octet-stream";

    public ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    /// <summary>Base64 checksum; for multipart objects the composite form <c>xxxx-N</c>.</summary>
    public string? Checksum { get; init; }

    /// <summary><c>FULL_OBJECT</c> or <c>COMPOSITE</c>, when a checksum is stored.</summary>
    public string? ChecksumType { get; init; }

    public int? PartsCount { get; init; }

    /// <summary>How the object is encrypted at rest (SSE-S3, SSE-KMS, SSE-C), or null for a plain object.</summary>
    public Encryption.ObjectEncryption? Encryption { get; init; }
}

/// <summary>An inclusive byte range, already resolved against the object's size by the caller or the store.</summary>
public sealed record ByteRange(long? First, long? Last, long? SuffixLength = null)
{
    /// <summary>GET/HEAD <c>?partNumber=N</c>: the bytes of the object's part N (the whole object as part 1 when it was not uploaded in parts).</summary>
    public static ByteRange Part(int number) => new(null, null) { PartNumber = number };

    public int? PartNumber { get; init; }
}

/// <summary>An open object. <see cref="Range"/> is the resolved inclusive range when one was asked for.</summary>
public sealed class ObjectContent(ObjectInfo info, Stream body, (long First, long Last)? range) : IAsyncDisposable, IDisposable
{
    public ObjectInfo Info { get; } = info;

    public Stream Body { get; } = body;

    public (long First, long Last)? Range { get; } = range;

    public long Length => Range is { } r ? r.Last - r.First + 1 : Info.Size;

    public ValueTask DisposeAsync() => Body.DisposeAsync();

    public void Dispose() => Body.Dispose();
}

/// <summary>
/// A listing request. <see cref="After"/> is exclusive (S3's marker, start-after, or a decoded continuation token).
/// </summary>
public sealed record ListObjectsQuery(string Prefix = "", string? Delimiter = null, string? After = null, int MaxKeys = 1000);

/// <summary>
/// <see cref="NextAfter"/> is the last key or common prefix returned when truncated: the caller turns it
/// into a NextMarker or continuation token.
/// </summary>
public sealed record ObjectListing(IReadOnlyList<ObjectInfo> Objects, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextAfter);

public sealed record MultipartUpload(string Bucket, string Key, string UploadId, DateTimeOffset Initiated)
{
    public ChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    /// <summary>How its parts, and so the completed object, are encrypted at rest; null for none.</summary>
    public Encryption.ObjectEncryption? Encryption { get; init; }
}

public sealed record PartInfo(int PartNumber, string ETag, long Size, DateTimeOffset LastModified)
{
    public string? Checksum { get; init; }

    /// <summary>The upload's encryption, which UploadPart answers with (not kept per part).</summary>
    public Encryption.ObjectEncryption? Encryption { get; init; }
}

/// <summary>A completed object's part: its size, and its checksum in the upload's algorithm when it had one.</summary>
public sealed record ObjectPart(long Size, string? Checksum);

/// <summary>A part as named in CompleteMultipartUpload; the ETag may come quoted or not.</summary>
public sealed record CompletedPart(int PartNumber, string ETag);

public sealed record PartListing(MultipartUpload Upload, IReadOnlyList<PartInfo> Parts, bool IsTruncated, int NextPartNumberMarker);

public sealed record ListUploadsQuery(string Prefix = "", string? Delimiter = null, string? KeyMarker = null, string? UploadIdMarker = null, int MaxUploads = 1000);

public sealed record UploadListing(IReadOnlyList<MultipartUpload> Uploads, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextKeyMarker, string? NextUploadIdMarker);
