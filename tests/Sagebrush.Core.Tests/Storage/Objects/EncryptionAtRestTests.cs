using System.Security.Cryptography;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Objects;
using Sagebrush.Core.Storage.Objects.Encryption;

namespace Sagebrush.Core.Tests.Storage.Objects;

public sealed class EncryptionAtRestTests : IDisposable
{
    private static readonly byte[] Marker = "PLAINTEXT-MARKER-0123456789"u8.ToArray();

    // Three chunks and a bit, with a marker no cipher text would hold by chance.
    private static readonly byte[] Data = MakeData();
    private readonly ObjectStoreScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Theory]
    [InlineData(ObjectEncryption.S3Managed)]
    [InlineData(ObjectEncryption.Kms)]
    public async Task AnEncryptedObjectReadsBackWholeAndInRangesAndItsBlobHoldsNoPlaintext(string mode)
    {
        await _scope.WithBucketAsync();
        var info = await _scope.PutAsync("bucket", "key", Data, ObjectWrite.Plain() with { Encryption = new EncryptionRequest(mode) });

        Assert.Equal(mode, info.Encryption!.Mode);
        Assert.Equal(Data, await ReadAsync(null));
        foreach (var (first, last) in new[] { (0L, 0L), (65_535L, 65_536L), (100_000L, 200_000L), (Data.Length - 10L, Data.Length - 1L) })
        {
            Assert.Equal(Data[(int)first..((int)last + 1)], await ReadAsync(new ByteRange(first, last)));
        }

        AssertNoBlobHolds(Marker);
    }

    [Fact]
    public async Task AnSseCObjectOpensOnlyWithItsKeyAndItsETagIsNotTheMd5()
    {
        await _scope.WithBucketAsync();
        var key = Key(1);
        var info = await _scope.PutAsync("bucket", "key", Data, ObjectWrite.Plain() with { Encryption = new EncryptionRequest(ObjectEncryption.Customer, CustomerKey: key) });

        Assert.NotEqual(Convert.ToHexStringLower(MD5.HashData(Data)), info.ETag);
        await using (var content = await _scope.Store.GetObjectAsync("bucket", "key", null, key))
        {
            Assert.Equal(Data, await ReadAllAsync(content.Body));
        }

        var missing = await Assert.ThrowsAsync<AwsException>(() => _scope.Store.GetObjectAsync("bucket", "key", null, null));
        Assert.Equal("InvalidRequest", missing.Code);
        var wrong = await Assert.ThrowsAsync<AwsException>(() => _scope.Store.HeadObjectAsync("bucket", "key", Key(2)));
        Assert.Equal("The provided encryption parameters did not match the ones used originally.", wrong.Message);
        AssertNoBlobHolds(Marker);
    }

    [Fact]
    public async Task AMultipartUploadsPartsAreEncryptedUnderItsKeyAndReadAcrossPartBoundaries()
    {
        await _scope.WithBucketAsync();
        var key = Key(3);
        var upload = await _scope.Store.CreateMultipartUploadAsync("bucket", "big", ObjectWrite.Plain() with { Encryption = new EncryptionRequest(ObjectEncryption.Customer, CustomerKey: key) });
        var first = Data[..(5 << 20 > Data.Length ? Data.Length / 2 : 5 << 20)];
        var refused = await Assert.ThrowsAsync<AwsException>(() => _scope.Store.UploadPartAsync("bucket", "big", upload.UploadId, 1, new MemoryStream(first), BodyCheck.None));
        Assert.Equal("InvalidRequest", refused.Code);

        var parts = new List<CompletedPart>();
        var whole = Enumerable.Range(0, 2).SelectMany(_ => new byte[5 << 20]).ToArray();
        Data.CopyTo(whole, (5 << 20) - 1000);
        for (var number = 1; number <= 2; number++)
        {
            var body = whole[((number - 1) * (5 << 20))..(number * (5 << 20))];
            var part = await _scope.Store.UploadPartAsync("bucket", "big", upload.UploadId, number, new MemoryStream(body), BodyCheck.None, key);
            parts.Add(new CompletedPart(number, part.ETag));
        }

        var info = await _scope.Store.CompleteMultipartUploadAsync("bucket", "big", upload.UploadId, parts);
        Assert.Equal(ObjectEncryption.Customer, info.Encryption!.Mode);
        await using var content = await _scope.Store.GetObjectAsync("bucket", "big", new ByteRange((5 << 20) - 1000, (5 << 20) + Data.Length), key);
        Assert.Equal(whole[((5 << 20) - 1000)..((5 << 20) + Data.Length + 1)], await ReadAllAsync(content.Body));
        AssertNoBlobHolds(Marker);
    }

    [Fact]
    public async Task ACopyDecryptsWithTheSourcesKeyAndEncryptsAsTheCopyAsks()
    {
        await _scope.WithBucketAsync();
        await _scope.PutAsync("bucket", "secret", Data, ObjectWrite.Plain() with { Encryption = new EncryptionRequest(ObjectEncryption.Customer, CustomerKey: Key(4)) });

        var copy = await _scope.Store.CopyObjectAsync("bucket", "secret", "bucket", "managed", null, null, new CopyEncryption(Key(4), new EncryptionRequest(ObjectEncryption.S3Managed)));

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Data)), copy.ETag);
        await using var content = await _scope.Store.GetObjectAsync("bucket", "managed");
        Assert.Equal(Data, await ReadAllAsync(content.Body));
        await Assert.ThrowsAsync<AwsException>(() => _scope.Store.CopyObjectAsync("bucket", "secret", "bucket", "other", null, null, new CopyEncryption(null, null)));
    }

    [Fact]
    public async Task AChangedByteOnDiskFailsTheReadInsteadOfAnsweringOtherBytes()
    {
        await _scope.WithBucketAsync();
        await _scope.PutAsync("bucket", "key", Data, ObjectWrite.Plain() with { Encryption = new EncryptionRequest(ObjectEncryption.S3Managed) });
        var blob = Directory.EnumerateFiles(Path.Combine(_scope.Root, "blobs"), "*", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(blob);
        bytes[BlobCipher.SaltSize + 10] ^= 1;
        File.WriteAllBytes(blob, bytes);

        await using var content = await _scope.Store.GetObjectAsync("bucket", "key");
        await Assert.ThrowsAsync<IOException>(() => ReadAllAsync(content.Body));
    }

    [Fact]
    public async Task AnEmptyEncryptedObjectIsEmpty()
    {
        await _scope.WithBucketAsync();
        await _scope.PutAsync("bucket", "empty", [], ObjectWrite.Plain() with { Encryption = new EncryptionRequest(ObjectEncryption.S3Managed) });
        await using var content = await _scope.Store.GetObjectAsync("bucket", "empty");
        Assert.Empty(await ReadAllAsync(content.Body));
    }

    private static byte[] MakeData()
    {
        var data = new byte[(3 * BlobCipher.ChunkSize) + 12_345];
        new Random(7).NextBytes(data);
        for (var at = 0; at + Marker.Length < data.Length; at += 20_000)
        {
            Marker.CopyTo(data, at);
        }

        return data;
    }

    private static CustomerKey Key(byte seed)
    {
        var bytes = Enumerable.Repeat(seed, 32).ToArray();
        return new CustomerKey(bytes, Convert.ToBase64String(MD5.HashData(bytes)));
    }

    private async Task<byte[]> ReadAsync(ByteRange? range)
    {
        await using var content = await _scope.Store.GetObjectAsync("bucket", "key", range);
        return await ReadAllAsync(content.Body);
    }

    private static async Task<byte[]> ReadAllAsync(Stream body)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private void AssertNoBlobHolds(byte[] marker)
    {
        foreach (var file in Directory.EnumerateFiles(_scope.Root, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".db", StringComparison.Ordinal) && !f.Contains(".db-", StringComparison.Ordinal)))
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(marker) < 0, $"{file} holds plaintext");
        }
    }
}
