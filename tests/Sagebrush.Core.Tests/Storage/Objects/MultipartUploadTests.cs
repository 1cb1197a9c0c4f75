using System.Security.Cryptography;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Tests.Storage.Objects;

public sealed class MultipartUploadTests : IDisposable
{
    private const int FiveMiB = 5 * 1024 * 1024;
    private readonly ObjectStoreScope _scope = new();

    [Fact]
    public async Task CompletingAnUploadJoinsThePartsUnderTheMultipartETag()
    {
        await _scope.WithBucketAsync();
        var write = new ObjectWrite(new Dictionary<string, string> { ["Content-Type"] = "text/csv" }, new Dictionary<string, string> { ["run"] = "7" }, BodyCheck.None);
        var upload = await _scope.Store.CreateMultipartUploadAsync("bucket", "data.csv", write);
        var bodies = new[] { RandomBytes(FiveMiB, 1), RandomBytes(FiveMiB, 2), RandomBytes(1000, 3) };
        var parts = new List<CompletedPart>();
        for (var i = 0; i < bodies.Length; i++)
        {
            var part = await UploadAsync(upload, i + 1, bodies[i]);
            Assert.Equal(Convert.ToHexStringLower(MD5.HashData(bodies[i])), part.ETag);
            parts.Add(new CompletedPart(part.PartNumber, $"\"{part.ETag}\""));
        }

        var completed = await _scope.Store.CompleteMultipartUploadAsync("bucket", "data.csv", upload.UploadId, parts);

        var md5s = bodies.SelectMany(MD5.HashData).ToArray();
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(md5s)) + "-3", completed.ETag);
        Assert.Equal(3, completed.PartsCount);
        Assert.Equal(2 * FiveMiB + 1000, completed.Size);
        Assert.Equal("text/csv", completed.ContentType);
        Assert.Equal("7", completed.Metadata["run"]);
        Assert.Equal(bodies.SelectMany(b => b).ToArray(), await _scope.ReadAsync("bucket", "data.csv"));
        Assert.Equal(completed.ETag, (await _scope.Store.HeadObjectAsync("bucket", "data.csv"))?.ETag);
        Assert.Equal(3, _scope.FilesUnder("blobs").Count());
        Assert.Empty((await _scope.Store.ListMultipartUploadsAsync("bucket", new ListUploadsQuery())).Uploads);
        await AssertNoSuchUploadAsync(() => _scope.Store.ListPartsAsync("bucket", "data.csv", upload.UploadId, 0, 1000));
    }

    [Fact]
    public async Task AnUploadWithAChecksumAlgorithmGetsACompositeChecksum()
    {
        await _scope.WithBucketAsync();
        var upload = await _scope.Store.CreateMultipartUploadAsync("bucket", "key", ObjectWrite.Plain() with { ChecksumAlgorithm = ChecksumAlgorithm.Crc32 });
        var bodies = new[] { RandomBytes(FiveMiB, 4), RandomBytes(10, 5) };
        var part1 = await UploadAsync(upload, 1, bodies[0]);
        var part2 = await UploadAsync(upload, 2, bodies[1]);

        var completed = await _scope.Store.CompleteMultipartUploadAsync("bucket", "key", upload.UploadId,
            [new CompletedPart(1, part1.ETag), new CompletedPart(2, part2.ETag)]);

        Assert.Equal(ChecksumCalculator.ComputeBase64(ChecksumAlgorithm.Crc32, bodies[1]), part2.Checksum);
        var rawPartChecksums = bodies.SelectMany(b => ChecksumCalculator.Compute(ChecksumAlgorithm.Crc32, b)).ToArray();
        Assert.Equal(ChecksumCalculator.ComputeBase64(ChecksumAlgorithm.Crc32, rawPartChecksums) + "-2", completed.Checksum);
        Assert.Equal("COMPOSITE", completed.ChecksumType);
        Assert.Equal(ChecksumAlgorithm.Crc32, completed.ChecksumAlgorithm);
    }

    [Fact]
    public async Task NamingAMissingPartOrAWrongETagIsInvalidPart()
    {
        var upload = await StartAsync();
        var part = await UploadAsync(upload, 1, [1, 2, 3]);

        var wrongETag = await Assert.ThrowsAsync<AwsException>(() => CompleteAsync(upload, new CompletedPart(1, "0123")));
        var missing = await Assert.ThrowsAsync<AwsException>(() => CompleteAsync(upload, new CompletedPart(1, part.ETag), new CompletedPart(2, part.ETag)));

        Assert.Equal((S3ErrorCodes.InvalidPart, 400), (wrongETag.Code, wrongETag.StatusCode));
        Assert.Equal(S3ErrorCodes.InvalidPart, missing.Code);
        Assert.Equal(upload.UploadId, missing.Details["UploadId"]);
    }

    [Fact]
    public async Task PartsOutOfOrderAreInvalidPartOrder()
    {
        var upload = await StartAsync();
        var one = await UploadAsync(upload, 1, RandomBytes(FiveMiB, 1));
        var two = await UploadAsync(upload, 2, [1]);

        var error = await Assert.ThrowsAsync<AwsException>(() => CompleteAsync(upload, new CompletedPart(2, two.ETag), new CompletedPart(1, one.ETag)));

        Assert.Equal((S3ErrorCodes.InvalidPartOrder, 400), (error.Code, error.StatusCode));
    }

    [Fact]
    public async Task APartNumberListedTwiceCountsOnceAsItsLastEntryNamesIt()
    {
        var upload = await StartAsync();
        var first = await UploadAsync(upload, 1, [1, 1, 1]);
        var resent = await UploadAsync(upload, 1, [2, 2]); // part 1 again, finishing after its first list entry was made

        var info = await CompleteAsync(upload, new CompletedPart(1, first.ETag), new CompletedPart(1, resent.ETag));

        Assert.Equal(2, info.Size);
        Assert.Equal(1, info.PartsCount);
    }

    [Fact]
    public async Task APartBelowFiveMiBBeforeTheLastIsEntityTooSmall()
    {
        var upload = await StartAsync();
        var one = await UploadAsync(upload, 1, RandomBytes(FiveMiB - 1, 1));
        var two = await UploadAsync(upload, 2, [1]);

        var error = await Assert.ThrowsAsync<AwsException>(() => CompleteAsync(upload, new CompletedPart(1, one.ETag), new CompletedPart(2, two.ETag)));

        Assert.Equal((S3ErrorCodes.EntityTooSmall, 400), (error.Code, error.StatusCode));
        Assert.Equal((FiveMiB - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Details["ProposedSize"]);
        var single = await CompleteAsync(upload, new CompletedPart(2, two.ETag));
        Assert.Equal(1, single.Size);
    }

    [Fact]
    public async Task PartNumbersOutsideOneToTenThousandAreInvalidArgument()
    {
        var upload = await StartAsync();
        foreach (var number in new[] { 0, 10_001 })
        {
            var error = await Assert.ThrowsAsync<AwsException>(() => UploadAsync(upload, number, [1]));
            Assert.Equal((S3ErrorCodes.InvalidArgument, 400), (error.Code, error.StatusCode));
        }
    }

    [Fact]
    public async Task AbortingAnUploadRemovesItAndItsParts()
    {
        var upload = await StartAsync();
        await UploadAsync(upload, 1, [1, 2, 3]);

        await _scope.Store.AbortMultipartUploadAsync("bucket", "key", upload.UploadId);

        Assert.Empty(_scope.FilesUnder("blobs"));
        await AssertNoSuchUploadAsync(() => UploadAsync(upload, 2, [1]));
        await AssertNoSuchUploadAsync(() => CompleteAsync(upload, new CompletedPart(1, "x")));
        await AssertNoSuchUploadAsync(() => _scope.Store.AbortMultipartUploadAsync("bucket", "key", upload.UploadId));
        await _scope.Store.DeleteBucketAsync("bucket");
    }

    [Fact]
    public async Task AnUploadIdUsedWithAnotherKeyIsNoSuchUpload()
    {
        var upload = await StartAsync();
        await AssertNoSuchUploadAsync(() => _scope.Store.UploadPartAsync("bucket", "other", upload.UploadId, 1, new MemoryStream([1]), BodyCheck.None));
    }

    [Fact]
    public async Task ReuploadingAPartNumberReplacesThePart()
    {
        var upload = await StartAsync();
        await UploadAsync(upload, 1, [1, 1]);
        var replacement = await UploadAsync(upload, 1, [2, 2, 2]);

        var listing = await _scope.Store.ListPartsAsync("bucket", "key", upload.UploadId, 0, 1000);

        Assert.Equal([(1, replacement.ETag, 3L)], listing.Parts.Select(p => (p.PartNumber, p.ETag, p.Size)));
        Assert.Single(_scope.FilesUnder("blobs"));
        await CompleteAsync(upload, new CompletedPart(1, replacement.ETag));
        Assert.Equal([2, 2, 2], await _scope.ReadAsync("bucket", "key"));
    }

    [Fact]
    public async Task PartsArriveInParallelAndAreListedInPagesByNumber()
    {
        var upload = await StartAsync();
        await Task.WhenAll(Enumerable.Range(1, 10).Select(n => Task.Run(() => UploadAsync(upload, n, [(byte)n]))));

        var first = await _scope.Store.ListPartsAsync("bucket", "key", upload.UploadId, 0, 4);
        var second = await _scope.Store.ListPartsAsync("bucket", "key", upload.UploadId, first.NextPartNumberMarker, 4);
        var last = await _scope.Store.ListPartsAsync("bucket", "key", upload.UploadId, second.NextPartNumberMarker, 4);

        Assert.Equal([1, 2, 3, 4], first.Parts.Select(p => p.PartNumber));
        Assert.True(first.IsTruncated);
        Assert.Equal(4, first.NextPartNumberMarker);
        Assert.Equal([5, 6, 7, 8], second.Parts.Select(p => p.PartNumber));
        Assert.Equal([9, 10], last.Parts.Select(p => p.PartNumber));
        Assert.False(last.IsTruncated);
        Assert.Equal(upload.UploadId, last.Upload.UploadId);
    }

    [Fact]
    public async Task UploadsAreListedByKeyThenUploadIdWithPrefixesAndMarkers()
    {
        await _scope.WithBucketAsync();
        var uploads = new List<MultipartUpload>();
        foreach (var key in new[] { "b", "a", "dir/x", "dir/y", "a" })
        {
            uploads.Add(await _scope.Store.CreateMultipartUploadAsync("bucket", key, ObjectWrite.Plain()));
        }

        var expected = uploads.OrderBy(u => u.Key, StringComparer.Ordinal).ThenBy(u => u.UploadId, StringComparer.Ordinal).ToList();

        var all = await _scope.Store.ListMultipartUploadsAsync("bucket", new ListUploadsQuery());
        Assert.Equal(expected.Select(u => u.UploadId), all.Uploads.Select(u => u.UploadId));

        var paged = new List<string>();
        var query = new ListUploadsQuery(MaxUploads: 1);
        for (var page = 0; page < 10; page++)
        {
            var listing = await _scope.Store.ListMultipartUploadsAsync("bucket", query);
            paged.AddRange(listing.Uploads.Select(u => u.UploadId));
            if (!listing.IsTruncated)
            {
                break;
            }

            query = query with { KeyMarker = listing.NextKeyMarker, UploadIdMarker = listing.NextUploadIdMarker };
        }

        Assert.Equal(expected.Select(u => u.UploadId), paged);

        var rolled = await _scope.Store.ListMultipartUploadsAsync("bucket", new ListUploadsQuery(Delimiter: "/"));
        Assert.Equal(["dir/"], rolled.CommonPrefixes);
        Assert.Equal(["a", "a", "b"], rolled.Uploads.Select(u => u.Key));

        var underDir = await _scope.Store.ListMultipartUploadsAsync("bucket", new ListUploadsQuery(Prefix: "dir/"));
        Assert.Equal(["dir/x", "dir/y"], underDir.Uploads.Select(u => u.Key));
    }

    private async Task<MultipartUpload> StartAsync()
    {
        await _scope.WithBucketAsync();
        return await _scope.Store.CreateMultipartUploadAsync("bucket", "key", ObjectWrite.Plain());
    }

    private Task<PartInfo> UploadAsync(MultipartUpload upload, int number, byte[] body) =>
        _scope.Store.UploadPartAsync("bucket", upload.Key, upload.UploadId, number, new MemoryStream(body), BodyCheck.None);

    private Task<ObjectInfo> CompleteAsync(MultipartUpload upload, params CompletedPart[] parts) =>
        _scope.Store.CompleteMultipartUploadAsync("bucket", upload.Key, upload.UploadId, parts);

    private static async Task AssertNoSuchUploadAsync(Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<AwsException>(action);
        Assert.Equal((S3ErrorCodes.NoSuchUpload, 404), (error.Code, error.StatusCode));
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose() => _scope.Dispose();
}
