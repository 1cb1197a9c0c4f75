using System.Security.Cryptography;
using System.Text;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Tests.Storage.Objects;

public sealed class PutObjectTests : IDisposable
{
    private readonly ObjectStoreScope _scope = new();

    [Fact]
    public async Task AnObjectReadsBackWithItsHeadersAndMetadata()
    {
        await _scope.WithBucketAsync();
        var write = new ObjectWrite(
            new Dictionary<string, string> { ["Content-Type"] = "text/plain", ["Cache-Control"] = "no-cache" },
            new Dictionary<string, string> { ["color"] = "blue" },
            BodyCheck.None);

        var put = await _scope.PutAsync("bucket", "dir/hello.txt", Encoding.UTF8.GetBytes("hello"), write);
        var head = await _scope.Store.HeadObjectAsync("bucket", "dir/hello.txt");

        Assert.NotNull(head);
        Assert.Equal(put, head with { Headers = put.Headers, Metadata = put.Metadata });
        Assert.Equal(5, head.Size);
        Assert.Equal("text/plain", head.ContentType);
        Assert.Equal("no-cache", head.Headers["cache-control"]);
        Assert.Equal("blue", head.Metadata["color"]);
        Assert.Equal(_scope.Time.Now, head.LastModified);
        Assert.Equal("hello", Encoding.UTF8.GetString(await _scope.ReadAsync("bucket", "dir/hello.txt")));
    }

    [Fact]
    public async Task TheETagIsTheHexMd5OfTheBody()
    {
        await _scope.WithBucketAsync();
        var put = await _scope.PutAsync("bucket", "key", Encoding.ASCII.GetBytes("hello"));
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", put.ETag);

        var empty = await _scope.PutAsync("bucket", "empty", []);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", empty.ETag);
        Assert.Empty(await _scope.ReadAsync("bucket", "empty"));
    }

    [Fact]
    public async Task ARequestedChecksumIsComputedAndStoredAsFullObject()
    {
        await _scope.WithBucketAsync();
        BodyDigests? seen = null;
        var write = ObjectWrite.Plain() with { Check = new BodyCheck(ChecksumAlgorithm.Crc32C, digests => seen = digests) };

        var put = await _scope.PutAsync("bucket", "key", Encoding.ASCII.GetBytes("123456789"), write);

        Assert.Equal("4waSgw==", put.Checksum);
        Assert.Equal(ChecksumAlgorithm.Crc32C, put.ChecksumAlgorithm);
        Assert.Equal("FULL_OBJECT", put.ChecksumType);
        Assert.Equal(9, seen?.Length);
        Assert.Equal(MD5.HashData(Encoding.ASCII.GetBytes("123456789")), seen?.Md5);
        Assert.Equal("4waSgw==", (await _scope.Store.HeadObjectAsync("bucket", "key"))?.Checksum);
    }

    [Fact]
    public async Task AFailingVerificationStoresNothingAndKeepsThePreviousObject()
    {
        await _scope.WithBucketAsync();
        await _scope.PutAsync("bucket", "key", Encoding.ASCII.GetBytes("old"));
        var write = ObjectWrite.Plain() with { Check = new BodyCheck(ChecksumAlgorithm.Sha256, _ => throw new AwsException("BadDigest", "mismatch")) };

        await Assert.ThrowsAsync<AwsException>(() => _scope.PutAsync("bucket", "key", Encoding.ASCII.GetBytes("new"), write));
        await Assert.ThrowsAsync<AwsException>(() => _scope.PutAsync("bucket", "other", Encoding.ASCII.GetBytes("new"), write));

        Assert.Equal("old", Encoding.ASCII.GetString(await _scope.ReadAsync("bucket", "key")));
        Assert.Null(await _scope.Store.HeadObjectAsync("bucket", "other"));
        Assert.Empty(_scope.FilesUnder("tmp"));
        Assert.Single(_scope.FilesUnder("blobs"));
    }

    [Fact]
    public async Task ABodyThatFailsMidwayStoresNothing()
    {
        await _scope.WithBucketAsync();

        await Assert.ThrowsAsync<IOException>(() =>
            _scope.Store.PutObjectAsync("bucket", "key", new ThrowingStream(300_000), ObjectWrite.Plain()));

        Assert.Null(await _scope.Store.HeadObjectAsync("bucket", "key"));
        Assert.Empty(_scope.FilesUnder("tmp"));
        Assert.Empty(_scope.FilesUnder("blobs"));
        Assert.Empty((await _scope.Store.ListObjectsAsync("bucket", new ListObjectsQuery())).Objects);
    }

    [Fact]
    public async Task OverwritingAnObjectKeepsReadersOfTheOldBodyIntact()
    {
        await _scope.WithBucketAsync();
        var old = new byte[300_000];
        new Random(1).NextBytes(old);
        await _scope.PutAsync("bucket", "key", old);

        await using var reader = await _scope.Store.GetObjectAsync("bucket", "key");
        var firstChunk = new byte[1000];
        await reader.Body.ReadExactlyAsync(firstChunk);
        await _scope.PutAsync("bucket", "key", Encoding.ASCII.GetBytes("new"));
        using var rest = new MemoryStream();
        await reader.Body.CopyToAsync(rest);

        Assert.Equal(old, firstChunk.Concat(rest.ToArray()).ToArray());
        Assert.Equal("new", Encoding.ASCII.GetString(await _scope.ReadAsync("bucket", "key")));
        Assert.Single(_scope.FilesUnder("blobs"));
    }

    [Fact]
    public async Task AMissingKeyIsNullOnHeadAndNoSuchKeyOnGet()
    {
        await _scope.WithBucketAsync();
        Assert.Null(await _scope.Store.HeadObjectAsync("bucket", "missing"));

        var error = await Assert.ThrowsAsync<AwsException>(() => _scope.Store.GetObjectAsync("bucket", "missing"));

        Assert.Equal((S3ErrorCodes.NoSuchKey, 404), (error.Code, error.StatusCode));
        Assert.Equal("missing", error.Details["Key"]);
    }

    [Fact]
    public async Task DeletingRemovesTheObjectAndItsBlobAndSucceedsForMissingKeys()
    {
        await _scope.WithBucketAsync();
        await _scope.PutAsync("bucket", "key", [1, 2, 3]);

        Assert.True(await _scope.Store.DeleteObjectAsync("bucket", "key"));
        Assert.False(await _scope.Store.DeleteObjectAsync("bucket", "key"));
        Assert.Null(await _scope.Store.HeadObjectAsync("bucket", "key"));
        Assert.Empty(_scope.FilesUnder("blobs"));
    }

    [Fact]
    public async Task KeysLongerThan1024Utf8BytesAreRejected()
    {
        await _scope.WithBucketAsync();
        await _scope.PutAsync("bucket", new string('a', 1024), [1]);

        var error = await Assert.ThrowsAsync<AwsException>(() => _scope.PutAsync("bucket", new string('é', 513), [1]));

        Assert.Equal((S3ErrorCodes.KeyTooLongError, 400), (error.Code, error.StatusCode));
    }

    [Fact]
    public async Task ConcurrentWritersToManyKeysAllLand()
    {
        await _scope.WithBucketAsync();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => _scope.PutAsync("bucket", $"k{i:D2}", [(byte)i]))));

        var listing = await _scope.Store.ListObjectsAsync("bucket", new ListObjectsQuery());
        Assert.Equal(20, listing.Objects.Count);
        Assert.Equal([7], await _scope.ReadAsync("bucket", "k07"));
    }

    public void Dispose() => _scope.Dispose();
}
