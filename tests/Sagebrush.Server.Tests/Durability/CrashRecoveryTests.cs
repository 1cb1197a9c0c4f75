using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Durability;

/// <summary>
/// What docs/architecture.md promises under "Durability of objects", checked against the real <c>sagebrush server</c>
/// process killed with SIGKILL: a crash leaves no partial object, and the next start removes what the crash left.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const string Bucket = "durable";
    private const int MiB = 1024 * 1024;

    private static readonly (string Key, int Size, int Seed)[] EarlierObjects =
    [
        ("empty", 0, 1),
        ("small.txt", 1234, 2),
        ("nested/medium.bin", 3 * MiB + 17, 3),
        ("nested/deeper/large.bin", 6 * MiB, 4),
    ];

    [Fact]
    public async Task KillingTheServerMidUploadLeavesOnlyCompleteObjects()
    {
        await using var server = await ServerProcess.StartAsync();
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        string uploadId;
        List<PartETag> survivingParts;
        byte[] survivingBytes;

        using (var s3 = server.CreateS3Client())
        {
            await s3.PutBucketAsync(Bucket);
            foreach (var (key, size, seed) in EarlierObjects)
            {
                expected[key] = await PutAsync(s3, key, SeededBytes(size, seed));
            }

            await PutAsync(s3, "overwritten.bin", SeededBytes(2 * MiB, 5));
            expected["overwritten.bin"] = await PutAsync(s3, "overwritten.bin", SeededBytes(MiB + 3, 6));

            var completedParts = new[] { SeededBytes(5 * MiB, 7), SeededBytes(1000, 8) };
            var completed = await s3.InitiateMultipartUploadAsync(Bucket, "earlier-multipart.bin");
            var completedETags = new List<PartETag>();
            for (var i = 0; i < completedParts.Length; i++)
            {
                completedETags.Add(await UploadPartAsync(s3, "earlier-multipart.bin", completed.UploadId, i + 1, completedParts[i]));
            }

            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = "earlier-multipart.bin",
                UploadId = completed.UploadId,
                PartETags = completedETags,
            });
            expected["earlier-multipart.bin"] = Md5([.. completedParts.SelectMany(part => part)]);

            // The upload the crash interrupts: two parts in, the third mid-body.
            uploadId = (await s3.InitiateMultipartUploadAsync(Bucket, "interrupted/multipart.bin")).UploadId;
            var survivors = new[] { SeededBytes(5 * MiB, 9), SeededBytes(5 * MiB, 10) };
            survivingParts = [];
            for (var i = 0; i < survivors.Length; i++)
            {
                survivingParts.Add(await UploadPartAsync(s3, "interrupted/multipart.bin", uploadId, i + 1, survivors[i]));
            }

            survivingBytes = [.. survivors.SelectMany(part => part)];

            using var largeBody = new StalledBody(length: 256L * MiB, sentBeforeStall: 24 * MiB, seed: 11);
            using var partBody = new StalledBody(length: 8 * MiB, sentBeforeStall: 3 * MiB, seed: 12);
            var largePut = s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket,
                Key = "interrupted/large.bin",
                InputStream = largeBody,
                AutoCloseStream = false,
                Headers = { ContentLength = largeBody.Length },
            });
            var partPut = s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = Bucket,
                Key = "interrupted/multipart.bin",
                UploadId = uploadId,
                PartNumber = 3,
                InputStream = partBody,
                PartSize = partBody.Length,
            });

            // Both bodies are on their way to disk and neither can end: the kill lands mid-body.
            await WaitForStagedBytesAsync(server, [16 * MiB, 2 * MiB], largePut, partPut);
            Assert.Equal(ServerProcess.KilledExitCode, await server.KillAsync());
            Assert.Equal(2, Directory.GetFiles(Path.Combine(server.ObjectsDir, "tmp")).Length);

            largeBody.Fail();
            partBody.Fail();
            await Assert.ThrowsAnyAsync<Exception>(() => largePut);
            await Assert.ThrowsAnyAsync<Exception>(() => partPut);
        }

        await server.RestartAsync();
        using var client = server.CreateS3Client();

        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(server.ObjectsDir, "tmp")));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), await ListKeysAsync(client));
        foreach (var (key, md5) in expected)
        {
            Assert.Equal((key, md5), (key, await ReadMd5Async(client, key)));
        }

        // One blob per object, but earlier-multipart.bin is its two part files; the interrupted upload's parts that
        // completed are blobs too, referenced by their part rows.
        var objectBlobs = expected.Count + 1;
        Assert.Equal(objectBlobs + survivingParts.Count, BlobFiles(server).Length);
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectMetadataAsync(Bucket, "interrupted/large.bin"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // The interrupted upload survives as S3 keeps it: in progress, with only the parts that completed.
        var uploads = await client.ListMultipartUploadsAsync(Bucket);
        Assert.Equal([uploadId], (uploads.MultipartUploads ?? []).Select(upload => upload.UploadId));
        var parts = await client.ListPartsAsync(Bucket, "interrupted/multipart.bin", uploadId);
        Assert.Equal(survivingParts.Select(part => (part.PartNumber, part.ETag)), (parts.Parts ?? []).Select(part => (part.PartNumber, part.ETag)));

        var lastPart = SeededBytes(3 * MiB + 5, 13);
        survivingParts.Add(await UploadPartAsync(client, "interrupted/multipart.bin", uploadId, 3, lastPart));
        await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = "interrupted/multipart.bin",
            UploadId = uploadId,
            PartETags = survivingParts,
        });
        Assert.Equal(Md5([.. survivingBytes, .. lastPart]), await ReadMd5Async(client, "interrupted/multipart.bin"));
        Assert.Equal(objectBlobs + survivingParts.Count, BlobFiles(server).Length);
        Assert.False(Directory.Exists(Path.Combine(server.ObjectsDir, "uploads")));
    }

    [Fact]
    public async Task RestartRemovesFilesACrashLeftOutsideTheIndex()
    {
        await using var server = await ServerProcess.StartAsync();
        string kept;
        string uploadId;
        using (var s3 = server.CreateS3Client())
        {
            await s3.PutBucketAsync(Bucket);
            kept = await PutAsync(s3, "kept.bin", SeededBytes(MiB, 21));
            uploadId = (await s3.InitiateMultipartUploadAsync(Bucket, "pending.bin")).UploadId;
            await UploadPartAsync(s3, "pending.bin", uploadId, 1, SeededBytes(1000, 22));
        }

        Assert.Equal(ServerProcess.KilledExitCode, await server.KillAsync());

        // What a kill between the steps of a write leaves: a staged body; a blob renamed into place whose index row
        // never committed; the same for a part; and, from the layout of index schema 1 (parts under uploads/), a stray
        // file of a live upload and the part directory of an upload completed or aborted just before.
        var objects = server.ObjectsDir;
        var planted = new[]
        {
            Path.Combine(objects, "tmp", "0f" + new string('1', 30)),
            Path.Combine(objects, "blobs", "ab", "ab" + new string('2', 30)),
            Path.Combine(objects, "blobs", "cd", "cd" + new string('6', 30)),
            Path.Combine(objects, "uploads", uploadId, "cd" + new string('3', 30)),
            Path.Combine(objects, "uploads", "ef" + new string('4', 30), "ef" + new string('5', 30)),
        };
        foreach (var path in planted)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, SeededBytes(4096, 23));
        }

        await server.RestartAsync();
        using var client = server.CreateS3Client();

        Assert.All(planted, path => Assert.False(File.Exists(path), path));
        Assert.False(Directory.Exists(Path.Combine(objects, "uploads")));
        Assert.Equal(["kept.bin"], await ListKeysAsync(client));
        Assert.Equal(kept, await ReadMd5Async(client, "kept.bin"));
        var parts = await client.ListPartsAsync(Bucket, "pending.bin", uploadId);
        Assert.Equal([1], (parts.Parts ?? []).Select(part => part.PartNumber ?? 0));
        Assert.Equal(2, BlobFiles(server).Length); // kept.bin's blob and pending.bin's part 1

    }

    private static byte[] SeededBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    private static string[] BlobFiles(ServerProcess server) =>
        Directory.GetFiles(Path.Combine(server.ObjectsDir, "blobs"), "*", SearchOption.AllDirectories);

    private static async Task<string> PutAsync(AmazonS3Client s3, string key, byte[] body)
    {
        using var stream = new MemoryStream(body);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = stream });
        return Md5(body);
    }

    private static async Task<PartETag> UploadPartAsync(AmazonS3Client s3, string key, string uploadId, int partNumber, byte[] body)
    {
        using var stream = new MemoryStream(body);
        var response = await s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = Bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = partNumber,
            InputStream = stream,
        });
        return new PartETag(partNumber, response.ETag);
    }

    private static async Task<List<string>> ListKeysAsync(AmazonS3Client s3)
    {
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket });
        Assert.False(listing.IsTruncated ?? false);
        return [.. (listing.S3Objects ?? []).Select(entry => entry.Key)];
    }

    private static async Task<string> ReadMd5Async(AmazonS3Client s3, string key)
    {
        using var response = await s3.GetObjectAsync(Bucket, key);
        return Convert.ToHexStringLower(await MD5.HashDataAsync(response.ResponseStream));
    }

    /// <summary>
    /// Polls <c>objects/tmp/</c> until it holds one staging file per request, at least as large as asked (largest
    /// first): the server has received part of each body, not all of it. Bounded; fails early if a request ends.
    /// </summary>
    private static async Task WaitForStagedBytesAsync(ServerProcess server, long[] minimumSizes, params Task[] requests)
    {
        var tmp = Path.Combine(server.ObjectsDir, "tmp");
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        long[] sizes = [];
        while (!limit.IsCancellationRequested)
        {
            if (requests.FirstOrDefault(request => request.IsCompleted) is { } ended)
            {
                throw new Xunit.Sdk.XunitException($"a request ended before the kill: {ended.Exception?.GetBaseException().ToString() ?? ended.Status.ToString()}\n{server.Output}");
            }

            sizes = [.. Directory.GetFiles(tmp).Select(file => new FileInfo(file).Length).OrderDescending()];
            if (sizes.Length == minimumSizes.Length && sizes.Zip(minimumSizes).All(pair => pair.First >= pair.Second))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        throw new TimeoutException($"objects/tmp/ never held the partial bodies; sizes seen: [{string.Join(", ", sizes)}]\n{server.Output}");
    }
}
