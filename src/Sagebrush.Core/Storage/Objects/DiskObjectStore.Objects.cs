namespace Sagebrush.Core.Storage.Objects;

public sealed partial class DiskObjectStore
{
    private const int MaxListEntries = 1000;

    // An overwrite can delete the blob between reading its row and opening it; reading the row again finds the new one.
    private const int OpenAttempts = 5;

    public async Task<ObjectInfo> PutObjectAsync(string bucket, string key, Stream body, ObjectWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(write);
        S3Names.ValidateKey(key);
        RequireBucket(bucket);

        var algorithm = write.Check.Algorithm ?? write.ChecksumAlgorithm;
        var (tempPath, digests) = await StageAsync(body, algorithm, write.Check.Verify, cancellationToken);
        var info = new ObjectInfo(bucket, key, digests.Length, Md5Digest.ETag(digests.Md5), Now, Copy(write.Headers, StringComparer.OrdinalIgnoreCase), Copy(write.Metadata, StringComparer.Ordinal))
        {
            ChecksumAlgorithm = digests.Algorithm,
            Checksum = digests.Checksum,
            ChecksumType = digests.Checksum is null ? null : "FULL_OBJECT",
        };
        return CommitObject(info, tempPath);
    }

    public Task<ObjectInfo?> HeadObjectAsync(string bucket, string key, CancellationToken cancellationToken = default) => Run(() =>
    {
        RequireBucket(bucket);
        return _index.GetObject(bucket, key)?.Info;
    });

    public Task<ObjectContent> GetObjectAsync(string bucket, string key, ByteRange? range = null, CancellationToken cancellationToken = default) => Run(() =>
    {
        RequireBucket(bucket);
        for (var attempt = 1; ; attempt++)
        {
            var stored = _index.GetObject(bucket, key) ?? throw S3Errors.NoSuchKey(key);
            var resolved = range is null ? null : ResolveRange(range, stored.Info.Size);
            FileStream file;
            try
            {
                file = OpenBlob(_files.ObjectPath(stored.BlobId));
            }
            catch (FileNotFoundException) when (attempt < OpenAttempts)
            {
                continue;
            }

            if (resolved is not { } r)
            {
                return new ObjectContent(stored.Info, file, null);
            }

            file.Seek(r.First, SeekOrigin.Begin);
            return new ObjectContent(stored.Info, new RangeReadStream(file, r.Last - r.First + 1), r);
        }
    });

    public Task<bool> DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken = default) => Run(() =>
    {
        RequireBucket(bucket);
        if (_index.DeleteObject(bucket, key) is not { } blobId)
        {
            return false;
        }

        _files.DeleteObject(blobId);
        return true;
    });

    public Task<ObjectInfo> CopyObjectAsync(string sourceBucket, string sourceKey, string bucket, string key, ObjectWrite? replaceMetadata, CancellationToken cancellationToken = default) => Run(() =>
    {
        S3Names.ValidateKey(key);
        RequireBucket(sourceBucket);
        RequireBucket(bucket);
        if (replaceMetadata is null && sourceBucket == bucket && sourceKey == key)
        {
            throw S3Errors.CopyOntoItself();
        }

        for (var attempt = 1; ; attempt++)
        {
            var source = _index.GetObject(sourceBucket, sourceKey) ?? throw S3Errors.NoSuchKey(sourceKey);
            var tempPath = _files.NewTempPath();
            try
            {
                File.Copy(_files.ObjectPath(source.BlobId), tempPath);
                using (var copy = new FileStream(tempPath, FileMode.Open, FileAccess.ReadWrite))
                {
                    copy.Flush(flushToDisk: true);
                }
            }
            catch (FileNotFoundException) when (attempt < OpenAttempts)
            {
                BlobDirectory.TryDelete(tempPath);
                continue;
            }
            catch
            {
                BlobDirectory.TryDelete(tempPath);
                throw;
            }

            var info = source.Info with
            {
                Bucket = bucket,
                Key = key,
                LastModified = Now,
                Headers = replaceMetadata is null ? source.Info.Headers : Copy(replaceMetadata.Headers, StringComparer.OrdinalIgnoreCase),
                Metadata = replaceMetadata is null ? source.Info.Metadata : Copy(replaceMetadata.Metadata, StringComparer.Ordinal),
            };
            return CommitObject(info, tempPath);
        }
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
            stored => stored.Info.Key,
            stored => new ListPosition(System.Text.Encoding.UTF8.GetBytes(stored.Info.Key), Inclusive: false));
        return new ObjectListing(
            [.. page.Items.Select(stored => stored.Info)],
            page.CommonPrefixes,
            page.IsTruncated,
            page.IsTruncated ? page.LastEntry : null);
    });

    /// <summary>
    /// Resolves a requested range against the size as S3 does: an end past the object is clamped, a start past it
    /// is unsatisfiable, and a range whose end precedes its start is ignored (the whole object is returned).
    /// </summary>
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

    private static FileStream OpenBlob(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string> values, StringComparer comparer) =>
        new(values, comparer);
}
