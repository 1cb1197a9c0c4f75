namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// The object store on local disk: bodies as immutable blob files under the root, an SQLite index deciding what
/// exists. A body is staged in <c>tmp/</c>, verified, synced and renamed into place before its index row commits,
/// so an object appears only once complete and a crash never leaves a partial one. A multipart object is the
/// ordered list of its parts' blobs: completing an upload commits index rows and copies nothing.
/// Server-side encryption (SSE-S3, SSE-KMS, SSE-C) encrypts blobs at rest under a data key per object
/// (<see cref="Encryption.ObjectKeys"/>, <see cref="Encryption.BlobCipher"/>).
/// Not supported yet: versioning, object lock, storage classes.
/// </summary>
public sealed partial class DiskObjectStore : IObjectStore, IDisposable
{
    private readonly BlobDirectory _files;
    private readonly ObjectIndex _index;
    private readonly TimeProvider _time;
    private readonly Encryption.ObjectKeys _keys;

    /// <param name="account">Names the account's default KMS key for SSE-KMS; the default account when null.</param>
    public DiskObjectStore(string root, TimeProvider timeProvider, Common.AccountSettings? account = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        Directory.CreateDirectory(root);
        _files = new BlobDirectory(root);
        _keys = new Encryption.ObjectKeys(new Encryption.MasterKey(Path.Combine(root, "master.key")), account);
        _index = new ObjectIndex(Path.Combine(root, "index.db"));
        var referenced = _index.ReferencedBlobs();
        _files.AdoptLegacyParts(referenced);
        _files.RemoveOrphans(referenced);
    }

    public void Dispose() => _index.Dispose();

    public Task CreateBucketAsync(string bucket, CancellationToken cancellationToken = default) => Run(() =>
    {
        S3Names.ValidateBucketName(bucket);
        if (!_index.InsertBucket(new BucketInfo(bucket, Now)))
        {
            throw S3Errors.BucketAlreadyOwnedByYou(bucket);
        }

        return true;
    });

    public Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken = default) => Run(() =>
    {
        _files.Delete(_index.DeleteBucket(bucket));
        return true;
    });

    public Task<BucketInfo?> GetBucketAsync(string bucket, CancellationToken cancellationToken = default) =>
        Run(() => _index.GetBucket(bucket));

    public Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(CancellationToken cancellationToken = default) =>
        Run(_index.ListBuckets);

    // The index keeps milliseconds; so does what a writer gets back, so it equals what a later read returns.
    private DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>Runs synchronous index work, reporting failure through the task as an async method would.</summary>
    private static Task<T> Run<T>(Func<T> work)
    {
        try
        {
            return Task.FromResult(work());
        }
        catch (Exception exception)
        {
            return Task.FromException<T>(exception);
        }
    }

    private void RequireBucket(string bucket)
    {
        if (!_index.HasBucket(bucket))
        {
            throw S3Errors.NoSuchBucket(bucket);
        }
    }

    /// <summary>Writes a body to a staging file and runs the caller's verification; on any failure the file is gone.</summary>
    private async Task<(string TempPath, BodyDigests Digests)> StageAsync(Stream body, ChecksumAlgorithm? algorithm, Action<BodyDigests>? verify, CancellationToken cancellationToken, byte[]? dataKey = null)
    {
        var tempPath = _files.NewTempPath();
        try
        {
            var digests = await BodyStaging.WriteAsync(body, tempPath, algorithm, cancellationToken, dataKey);
            verify?.Invoke(digests);
            return (tempPath, digests);
        }
        catch
        {
            BlobDirectory.TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>Commits a staged body as a single-blob object (PutObject, CopyObject).</summary>
    private ObjectInfo CommitObject(ObjectInfo info, string tempPath, IReadOnlyList<ObjectTag>? tags, WriteCondition? condition = null)
    {
        PublishAndCommit(tempPath, blobId => _index.PutObject(new StoredObject(info, [new ObjectBlob(blobId, info.Size)]) { Tags = tags ?? [] }, condition));
        return info;
    }

    /// <summary>
    /// Renames a staged file into blobs/, commits the row that references it (<paramref name="commitRow"/> returns
    /// the blob ids that row replaced), and only then deletes the replaced blobs. A failure before the commit
    /// removes the staged file or the new blob, so nothing unreferenced stays behind.
    /// </summary>
    private void PublishAndCommit(string tempPath, Func<string, IReadOnlyList<string>> commitRow)
    {
        string blobId;
        try
        {
            blobId = _files.Publish(tempPath);
        }
        catch
        {
            BlobDirectory.TryDelete(tempPath);
            throw;
        }

        IReadOnlyList<string> replaced;
        try
        {
            replaced = commitRow(blobId);
        }
        catch
        {
            _files.Delete(blobId);
            throw;
        }

        _files.Delete(replaced);
    }
}
