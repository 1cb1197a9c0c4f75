using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Tests.Storage.Objects;

/// <summary>A store over its own temp directory, deleted afterwards; <see cref="Reopen"/> simulates a restart.</summary>
public sealed class ObjectStoreScope : IDisposable
{
    public ObjectStoreScope()
    {
        Root = Path.Combine(Path.GetTempPath(), "sagebrush-objects-" + Guid.NewGuid().ToString("N"));
        Store = new DiskObjectStore(Root, Time);
    }

    public string Root { get; }

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public DiskObjectStore Store { get; private set; }

    public void Reopen()
    {
        Store.Dispose();
        Store = new DiskObjectStore(Root, Time);
    }

    public async Task<DiskObjectStore> WithBucketAsync(string bucket = "bucket")
    {
        await Store.CreateBucketAsync(bucket);
        return Store;
    }

    public Task<ObjectInfo> PutAsync(string bucket, string key, byte[] data, ObjectWrite? write = null) =>
        Store.PutObjectAsync(bucket, key, new MemoryStream(data), write ?? ObjectWrite.Plain());

    /// <summary>Uploads each body as a part, numbered from 1, and completes the upload with the parts whose numbers are in <paramref name="chosen"/> (all when null).</summary>
    public async Task<ObjectInfo> PutMultipartAsync(string bucket, string key, byte[][] parts, int[]? chosen = null)
    {
        var upload = await Store.CreateMultipartUploadAsync(bucket, key, ObjectWrite.Plain());
        var uploaded = new List<CompletedPart>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = await Store.UploadPartAsync(bucket, key, upload.UploadId, i + 1, new MemoryStream(parts[i]), BodyCheck.None);
            uploaded.Add(new CompletedPart(part.PartNumber, part.ETag));
        }

        return await Store.CompleteMultipartUploadAsync(bucket, key, upload.UploadId,
            [.. uploaded.Where(part => chosen is null || chosen.Contains(part.PartNumber))]);
    }

    public async Task<byte[]> ReadAsync(string bucket, string key, ByteRange? range = null)
    {
        await using var content = await Store.GetObjectAsync(bucket, key, range);
        using var copy = new MemoryStream();
        await content.Body.CopyToAsync(copy);
        return copy.ToArray();
    }

    public IEnumerable<string> FilesUnder(string folder) =>
        Directory.Exists(Path.Combine(Root, folder))
            ? Directory.EnumerateFiles(Path.Combine(Root, folder), "*", SearchOption.AllDirectories)
            : [];

    public void Dispose()
    {
        Store.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
