namespace Sagebrush.Core.Storage.Objects;

public sealed partial class DiskObjectStore
{
    private const int MaxListEntries = 1000;

    // An overwrite can delete the blobs between reading the row and opening them; reading the row again finds the new ones.
    private const int OpenAttempts = 5;

    public async Task<ObjectInfo> PutObjectAsync(string bucket, string key, Stream body, ObjectWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(write);
        S3Names.ValidateKey(key);
        RequireBucket(bucket);

        var algorithm = write.Check.Algorithm ?? write.ChecksumAlgorithm;
        var (encryption, dataKey) = write.Encryption is { } asked ? _keys.Create(asked) : default;
        var (tempPath, digests) = await StageAsync(body, algorithm, write.Check.Verify, cancellationToken, dataKey);
        var info = new ObjectInfo(bucket, key, digests.Length, ETagOf(digests.Md5, encryption, dataKey), Now, Copy(write.Headers, StringComparer.OrdinalIgnoreCase), Copy(write.Metadata, StringComparer.Ordinal))
        {
            ChecksumAlgorithm = digests.Algorithm,
            Checksum = digests.Checksum,
            ChecksumType = digests.Checksum is null ? null : "FULL_OBJECT",
            Encryption = encryption,
        };
        return CommitObject(info, tempPath, write.Tags, write.Condition);
    }

    public Task<ObjectInfo?> HeadObjectAsync(string bucket, string key, CancellationToken cancellationToken = default) => HeadObjectAsync(bucket, key, null, cancellationToken);

    public Task<ObjectInfo?> HeadObjectAsync(string bucket, string key, Encryption.CustomerKey? customerKey, CancellationToken cancellationToken = default) => Run(() =>
    {
        RequireBucket(bucket);
        // Only an SSE-C key is the caller's to prove (or a key given for an object that takes none); an SSE-S3 or
        // SSE-KMS object's data key is not needed to describe it.
        var info = _index.GetObject(bucket, key);
        if (info is not null && (customerKey is not null || info.Encryption is { IsCustomerKey: true }))
        {
            _ = DataKeyOf(info.Encryption, customerKey);
        }

        return info;
    });

    public Task<ObjectContent> GetObjectAsync(string bucket, string key, ByteRange? range = null, CancellationToken cancellationToken = default) =>
        GetObjectAsync(bucket, key, range, null, cancellationToken);

    public Task<ObjectContent> GetObjectAsync(string bucket, string key, ByteRange? range, Encryption.CustomerKey? customerKey, CancellationToken cancellationToken = default) => Run(() =>
    {
        RequireBucket(bucket);
        var (info, body, resolved) = Open(bucket, key, stored => range switch
        {
            null => null,
            { PartNumber: { } part } => PartRange(stored, part),
            _ => ResolveRange(range, stored.Info.Size),
        }, customerKey);
        return new ObjectContent(info, body, resolved);
    });

    public Task<bool> DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken = default) => Run(() =>
    {
        RequireBucket(bucket);
        if (_index.DeleteObject(bucket, key) is not { } blobs)
        {
            return false;
        }

        _files.Delete(blobs);
        return true;
    });

    public Task<ObjectInfo> CopyObjectAsync(string sourceBucket, string sourceKey, string bucket, string key, ObjectWrite? replaceMetadata, IReadOnlyList<ObjectTag>? tags = null, CancellationToken cancellationToken = default) =>
        CopyObjectAsync(sourceBucket, sourceKey, bucket, key, replaceMetadata, tags, new Encryption.CopyEncryption(null, null), cancellationToken);

    /// <summary>A copy decrypts the source with its key (SSE-C) and encrypts the new object as <paramref name="encryption"/> asks (S3 does not carry the source's encryption over).</summary>
    public async Task<ObjectInfo> CopyObjectAsync(string sourceBucket, string sourceKey, string bucket, string key, ObjectWrite? replaceMetadata, IReadOnlyList<ObjectTag>? tags, Encryption.CopyEncryption encryption, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encryption);
        S3Names.ValidateKey(key);
        RequireBucket(sourceBucket);
        RequireBucket(bucket);
        if (replaceMetadata is null && sourceBucket == bucket && sourceKey == key)
        {
            throw S3Errors.CopyOntoItself();
        }

        // The copy is a new single blob: objects never share blobs, so deleting one never has to ask about others.
        var (source, body, _) = Open(sourceBucket, sourceKey, _ => null, encryption.SourceKey);
        var (record, dataKey) = encryption.Destination is { } asked ? _keys.Create(asked) : default;
        var tempPath = _files.NewTempPath();
        byte[] md5;
        try
        {
            await using (body)
            {
                md5 = await BodyStaging.CopyAsync(body, tempPath, cancellationToken, dataKey);
            }
        }
        catch
        {
            BlobDirectory.TryDelete(tempPath);
            throw;
        }

        var info = source with
        {
            Bucket = bucket,
            Key = key,
            LastModified = Now,
            Headers = replaceMetadata is null ? source.Headers : Copy(replaceMetadata.Headers, StringComparer.OrdinalIgnoreCase),
            Metadata = replaceMetadata is null ? source.Metadata : Copy(replaceMetadata.Metadata, StringComparer.Ordinal),
            Encryption = record,
            // A plain copy keeps the source's ETag (a multipart one's too, as S3 does); an encrypted side gives its own.
            ETag = source.Encryption is null && record is null ? source.ETag : ETagOf(md5, record, dataKey),
        };
        // Tags: the request's (x-amz-tagging-directive REPLACE), or the source's, as S3 copies them by default.
        return CommitObject(info, tempPath, tags ?? _index.GetObjectTags(sourceBucket, sourceKey));
    }

    public Task<(ObjectInfo Info, IReadOnlyList<ObjectPart> Parts)> GetObjectPartsAsync(string bucket, string key, CancellationToken cancellationToken = default) => Run(() =>
    {
        RequireBucket(bucket);
        var stored = _index.GetObjectWithBlobs(bucket, key) ?? throw S3Errors.NoSuchKey(key);
        IReadOnlyList<ObjectPart> parts = stored.Info.PartsCount is { } count && count == stored.Blobs.Count
            ? [.. stored.Blobs.Select(blob => new ObjectPart(blob.Size, blob.Checksum))]
            : [];
        return (stored.Info, parts);
    });

    public Task<IReadOnlyList<ObjectTag>> GetObjectTaggingAsync(string bucket, string key, CancellationToken cancellationToken = default) => Run(() =>
    {
        RequireBucket(bucket);
        return _index.GetObjectTags(bucket, key) ?? throw S3Errors.NoSuchKey(key);
    });

    public Task PutObjectTaggingAsync(string bucket, string key, IReadOnlyList<ObjectTag> tags, CancellationToken cancellationToken = default) => Run(() =>
    {
        RequireBucket(bucket);
        return _index.SetObjectTags(bucket, key, ObjectTags.Validate(tags)) ? true : throw S3Errors.NoSuchKey(key);
    });

    public Task<ObjectListing> ListObjectsAsync(string bucket, ListObjectsQuery query, CancellationToken cancellationToken = default) => Run(() =>
    {
        ArgumentNullException.ThrowIfNull(query);
        RequireBucket(bucket);
        var page = PrefixListing.Collect(
            query.Prefix,
            query.Delimiter,
            PrefixListing.Start(query.Prefix, query.Delimiter, query.After),
            Math.Clamp(query.MaxKeys, 0, MaxListEntries),
            (position, limit) => _index.ScanObjects(bucket, position, limit),
            info => info.Key,
            info => new ListPosition(System.Text.Encoding.UTF8.GetBytes(info.Key), Inclusive: false));
        return new ObjectListing(
            page.Items,
            page.CommonPrefixes,
            page.IsTruncated,
            page.IsTruncated ? page.LastEntry : null);
    });

    /// <summary>
    /// Resolves a requested range against the size as S3 does: an end past the object is clamped, a start past it
    /// is unsatisfiable, and a range whose end precedes its start is ignored (the whole object is returned).
    /// </summary>
    /// <summary>
    /// Part N of an object completed from parts: the blob that was that part (an object keeps its parts' blobs). An
    /// object that was not uploaded in parts, or a copy of one (a single blob), is one part: the whole object.
    /// </summary>
    private static (long First, long Last)? PartRange(StoredObject stored, int part)
    {
        var parts = stored.Info.PartsCount is { } count && count == stored.Blobs.Count ? count : 1;
        if (part < 1 || part > parts)
        {
            throw S3Errors.PartNotSatisfiable();
        }

        if (parts == 1)
        {
            return stored.Info.Size == 0 ? null : (0, stored.Info.Size - 1);
        }

        var first = stored.Blobs.Take(part - 1).Sum(blob => blob.Size);
        return (first, first + stored.Blobs[part - 1].Size - 1);
    }

    internal static (long First, long Last)? ResolveRange(ByteRange range, long size)
    {
        if (range.SuffixLength is { } suffix)
        {
            if (suffix <= 0 || size == 0)
            {
                throw S3Errors.InvalidRange(size);
            }

            return (Math.Max(0, size - suffix), size - 1);
        }

        var first = range.First ?? 0;
        if (range.Last is { } requestedLast && requestedLast < first)
        {
            return null;
        }

        if (first >= size)
        {
            throw S3Errors.InvalidRange(size);
        }

        return (first, Math.Min(range.Last ?? size - 1, size - 1));
    }

    /// <summary>
    /// Opens the object's body, or the resolved range of it, as one stream over the blobs it spans. Every blob is
    /// opened before this returns, so the reader keeps its bytes whatever commits next.
    /// </summary>
    private (ObjectInfo Info, Stream Body, (long First, long Last)? Range) Open(string bucket, string key, Func<StoredObject, (long First, long Last)?> resolveRange, Encryption.CustomerKey? customerKey = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = _index.GetObjectWithBlobs(bucket, key) ?? throw S3Errors.NoSuchKey(key);
            var range = resolveRange(stored);
            var dataKey = DataKeyOf(stored.Info.Encryption, customerKey);
            var (first, last) = range ?? (0, stored.Info.Size - 1);
            try
            {
                return (stored.Info, new ConcatenatedReadStream(OpenWindows(stored.Blobs, first, last, dataKey)), range);
            }
            catch (FileNotFoundException) when (attempt < OpenAttempts)
            {
            }
        }
    }

    /// <summary>Opens the blobs overlapping the inclusive range [first, last] of the body they make up, each positioned at its window.</summary>
    private List<(Stream Stream, long Length)> OpenWindows(IReadOnlyList<ObjectBlob> blobs, long first, long last, byte[]? dataKey)
    {
        var windows = new List<(Stream Stream, long Length)>();
        try
        {
            long start = 0;
            foreach (var blob in blobs)
            {
                var end = start + blob.Size - 1;
                if (end >= first && start <= last)
                {
                    var from = Math.Max(first, start) - start;
                    var length = Math.Min(last, end) - start - from + 1;
                    var file = OpenBlob(_files.BlobPath(blob.BlobId));
                    if (dataKey is null)
                    {
                        windows.Add((file, length));
                        file.Seek(from, SeekOrigin.Begin);
                    }
                    else
                    {
                        windows.Add((new Encryption.DecryptingStream(file, dataKey, blob.Size, from, length), length));
                    }
                }

                start += blob.Size;
            }

            return windows;
        }
        catch
        {
            foreach (var (stream, _) in windows)
            {
                stream.Dispose();
            }

            throw;
        }
    }

    private static FileStream OpenBlob(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string> values, StringComparer comparer) =>
        new(values, comparer);

    /// <summary>The data key of an encrypted object (S3's errors for a missing or wrong SSE-C key), or null for a plain one, which takes no key.</summary>
    private byte[]? DataKeyOf(Encryption.ObjectEncryption? encryption, Encryption.CustomerKey? customerKey) =>
        encryption is null
            ? customerKey is null ? null : throw new Common.AwsException("InvalidRequest", "The encryption parameters are not applicable to this object.")
            : _keys.Open(encryption, customerKey);

    /// <summary>S3's ETag: the MD5 of the data, except for SSE-KMS and SSE-C objects (<see cref="Encryption.ObjectKeys.OpaqueETag"/>).</summary>
    private static string ETagOf(byte[] md5, Encryption.ObjectEncryption? encryption, byte[]? dataKey) =>
        encryption is { Mode: not Encryption.ObjectEncryption.S3Managed } && dataKey is not null ? Encryption.ObjectKeys.OpaqueETag(dataKey, md5) : Md5Digest.ETag(md5);
}
