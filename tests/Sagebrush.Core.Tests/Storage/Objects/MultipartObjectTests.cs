using System.Security.Cryptography;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Tests.Storage.Objects;

/// <summary>A completed multipart object is its parts' blob files, read in order; nothing is copied to make it.</summary>
public sealed class MultipartObjectTests : IDisposable
{
    private const int FiveMiB = 5 * 1024 * 1024;
    private readonly ObjectStoreScope _scope = new();

    [Fact]
    public async Task CompletingKeepsTheChosenPartFilesAndWritesNoNewOne()
    {
        await _scope.WithBucketAsync();
        var upload = await _scope.Store.CreateMultipartUploadAsync("bucket", "key", ObjectWrite.Plain());
        var bodies = new[] { Bytes(FiveMiB, 1), Bytes(FiveMiB, 2), Bytes(100, 3) };
        var parts = new List<CompletedPart>();
        var filesOfPart = new Dictionary<int, string>();
        for (var i = 0; i < bodies.Length; i++)
        {
            var before = _scope.FilesUnder("blobs").ToHashSet();
            var part = await _scope.Store.UploadPartAsync("bucket", "key", upload.UploadId, i + 1, new MemoryStream(bodies[i]), BodyCheck.None);
            parts.Add(new CompletedPart(part.PartNumber, part.ETag));
            filesOfPart[part.PartNumber] = Assert.Single(_scope.FilesUnder("blobs"), file => !before.Contains(file));
        }

        var completed = await _scope.Store.CompleteMultipartUploadAsync("bucket", "key", upload.UploadId, [parts[0], parts[2]]);

        // The object is the chosen parts' own files, under the names they were uploaded with; the unchosen one is gone.
        Assert.Equal(new[] { filesOfPart[1], filesOfPart[3] }.Order(), _scope.FilesUnder("blobs").Order());
        Assert.Empty(_scope.FilesUnder("tmp"));
        Assert.Equal(FiveMiB + 100, completed.Size);
        byte[] expected = [.. bodies[0], .. bodies[2]];
        Assert.Equal(expected, await _scope.ReadAsync("bucket", "key"));
        Assert.Equal(Md5Hex([.. MD5.HashData(bodies[0]), .. MD5.HashData(bodies[2])]) + "-2", completed.ETag);
    }

    [Fact]
    public async Task RangesAcrossPartBoundariesReadTheConcatenation()
    {
        await _scope.WithBucketAsync();
        var bodies = new[] { Bytes(FiveMiB, 4), Bytes(FiveMiB + 7, 5), Bytes(1000, 6) };
        byte[] whole = [.. bodies.SelectMany(body => body)];
        await _scope.PutMultipartAsync("bucket", "key", bodies);
        long firstBoundary = FiveMiB;
        long secondBoundary = (2L * FiveMiB) + 7;

        (ByteRange Range, long First, long Last)[] cases =
        [
            (new(firstBoundary - 10, firstBoundary + 9), firstBoundary - 10, firstBoundary + 9),
            (new(firstBoundary, firstBoundary), firstBoundary, firstBoundary),
            (new(firstBoundary - 1, firstBoundary - 1), firstBoundary - 1, firstBoundary - 1),
            (new(100, secondBoundary + 500), 100, secondBoundary + 500),
            (new(secondBoundary - 3, null), secondBoundary - 3, whole.Length - 1),
            (new(null, null, SuffixLength: 1500), whole.Length - 1500, whole.Length - 1),
            (new(12345, whole.Length + 99L), 12345, whole.Length - 1),
        ];
        foreach (var (range, first, last) in cases)
        {
            await using var content = await _scope.Store.GetObjectAsync("bucket", "key", range);
            using var read = new MemoryStream();
            await content.Body.CopyToAsync(read);

            Assert.Equal((first, last), content.Range);
            Assert.Equal(whole.AsSpan((int)first, (int)(last - first + 1)).ToArray(), read.ToArray());
        }

        Assert.Equal(whole, await _scope.ReadAsync("bucket", "key"));
    }

    [Fact]
    public async Task OverwritingOrDeletingAMultipartObjectLeavesNoBlobBehind()
    {
        await _scope.WithBucketAsync();
        await _scope.PutMultipartAsync("bucket", "key", [Bytes(FiveMiB, 7), Bytes(10, 8)]);
        var second = new[] { Bytes(FiveMiB, 9), Bytes(FiveMiB, 10), Bytes(20, 11) };

        await _scope.PutMultipartAsync("bucket", "key", second);
        Assert.Equal(3, _scope.FilesUnder("blobs").Count());
        Assert.Equal(second.SelectMany(body => body), await _scope.ReadAsync("bucket", "key"));

        await _scope.PutAsync("bucket", "key", [1, 2, 3]);
        Assert.Single(_scope.FilesUnder("blobs"));

        await _scope.PutMultipartAsync("bucket", "key", [Bytes(FiveMiB, 12), Bytes(30, 13)]);
        Assert.Equal(2, _scope.FilesUnder("blobs").Count());

        Assert.True(await _scope.Store.DeleteObjectAsync("bucket", "key"));
        Assert.Empty(_scope.FilesUnder("blobs"));
        await _scope.Store.DeleteBucketAsync("bucket");
    }

    [Fact]
    public async Task AReaderOpenedBeforeAnOverwriteReadsTheOldBytes()
    {
        await _scope.WithBucketAsync();
        var old = new[] { Bytes(FiveMiB, 14), Bytes(FiveMiB, 15), Bytes(50, 16) };
        await _scope.PutMultipartAsync("bucket", "key", old);
        await using var whole = await _scope.Store.GetObjectAsync("bucket", "key");
        await using var ranged = await _scope.Store.GetObjectAsync("bucket", "key", new ByteRange(FiveMiB - 5, (2L * FiveMiB) + 5));

        await _scope.PutMultipartAsync("bucket", "key", [Bytes(FiveMiB, 17), Bytes(FiveMiB, 18)]);
        await _scope.Store.DeleteObjectAsync("bucket", "key");

        Assert.Empty(_scope.FilesUnder("blobs"));
        byte[] expected = [.. old.SelectMany(body => body)];
        Assert.Equal(expected, await ReadToEndAsync(whole.Body));
        Assert.Equal(expected.AsSpan(FiveMiB - 5, FiveMiB + 11).ToArray(), await ReadToEndAsync(ranged.Body));
    }

    [Fact]
    public async Task ACopyOfAMultipartObjectIsOneNewBlobThatOutlivesTheSource()
    {
        await _scope.WithBucketAsync();
        var bodies = new[] { Bytes(FiveMiB, 19), Bytes(77, 20) };
        var source = await _scope.PutMultipartAsync("bucket", "source", bodies);

        var copy = await _scope.Store.CopyObjectAsync("bucket", "source", "bucket", "copy", replaceMetadata: null);

        Assert.Equal((source.ETag, source.PartsCount, source.Size), (copy.ETag, copy.PartsCount, copy.Size));
        Assert.Equal(3, _scope.FilesUnder("blobs").Count());
        await _scope.Store.DeleteObjectAsync("bucket", "source");
        Assert.Single(_scope.FilesUnder("blobs"));
        Assert.Equal(bodies.SelectMany(body => body), await _scope.ReadAsync("bucket", "copy"));
    }

    [Fact]
    public async Task AnEmptyLastPartReadsAsNothing()
    {
        await _scope.WithBucketAsync();
        var first = Bytes(FiveMiB, 21);
        var completed = await _scope.PutMultipartAsync("bucket", "key", [first, []]);

        Assert.Equal(FiveMiB, completed.Size);
        Assert.Equal(first, await _scope.ReadAsync("bucket", "key"));
        Assert.Equal(first[^4..], await _scope.ReadAsync("bucket", "key", new ByteRange(null, null, SuffixLength: 4)));
    }

    private static async Task<byte[]> ReadToEndAsync(Stream body)
    {
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static string Md5Hex(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose() => _scope.Dispose();
}
