using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.S3;

/// <summary>
/// S3 through AWSSDK.S3 4.0.102.5, which signs every chunk of an aws-chunked body and sends a trailing CRC32,
/// even over plain HTTP.
/// </summary>
public sealed class DotnetSdkS3Tests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>, IDisposable
{
    private readonly AmazonS3Client s3 = new(
        new BasicAWSCredentials(SagebrushServerFixture.Credentials.AccessKeyId, SagebrushServerFixture.Credentials.SecretAccessKey),
        new AmazonS3Config { ServiceURL = server.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    [Fact]
    public async Task ChunkedPutWithTrailingChecksumRoundTrips()
    {
        await s3.PutBucketAsync("dotnet-chunked");
        var body = RandomBytes(300_000, seed: 21);

        var put = await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "dotnet-chunked",
            Key = "data/body.bin",
            InputStream = new MemoryStream(body),
            ContentType = "application/octet-stream",
            Metadata = { ["origin"] = "dotnet" },
        });
        var got = await s3.GetObjectAsync(new GetObjectRequest { BucketName = "dotnet-chunked", Key = "data/body.bin", ChecksumMode = ChecksumMode.ENABLED });
        using var copy = new MemoryStream();
        await got.ResponseStream.CopyToAsync(copy);

        Assert.Equal(HttpStatusCode.OK, put.HttpStatusCode);
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(body))}\"", put.ETag);
        Assert.Equal(body, copy.ToArray());
        Assert.Equal("dotnet", got.Metadata["origin"]);
        Assert.False(string.IsNullOrEmpty(got.ChecksumCRC32));
    }

    [Theory]
    [InlineData("SHA256", true)]
    [InlineData("CRC32", false)]
    [InlineData("SHA1", false)]
    public async Task EachChecksumAlgorithmIsVerifiedAndReturned(string algorithmName, bool chunked)
    {
        var algorithm = ChecksumAlgorithm.FindValue(algorithmName);
        var bucket = "dotnet-sums-" + algorithmName.ToLowerInvariant() + (chunked ? "-chunked" : "-plain");
        await s3.PutBucketAsync(bucket);
        var body = RandomBytes(70_000, seed: 22);

        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "k",
            InputStream = new MemoryStream(body),
            ChecksumAlgorithm = algorithm,
            UseChunkEncoding = chunked,
        });
        var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "k", ChecksumMode = ChecksumMode.ENABLED });

        var expected = algorithm == ChecksumAlgorithm.SHA256 ? Convert.ToBase64String(SHA256.HashData(body))
            : algorithm == ChecksumAlgorithm.SHA1 ? Convert.ToBase64String(SHA1.HashData(body))
            : null;
        var returned = algorithm == ChecksumAlgorithm.SHA256 ? head.ChecksumSHA256
            : algorithm == ChecksumAlgorithm.SHA1 ? head.ChecksumSHA1
            : head.ChecksumCRC32;
        Assert.False(string.IsNullOrEmpty(returned));
        if (expected is not null)
        {
            Assert.Equal(expected, returned);
        }
    }

    [Fact]
    public async Task TransferUtilityUploadsAndDownloadsInParts()
    {
        await s3.PutBucketAsync("dotnet-transfer");
        var source = files.Create("transfer.bin", 21L * 1024 * 1024, seed: 23);
        var transfer = new TransferUtility(s3, new TransferUtilityConfig { MinSizeBeforePartUpload = 5L * 1024 * 1024 });

        await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = "dotnet-transfer", Key = "big.bin", FilePath = source, PartSize = 5L * 1024 * 1024 });
        await transfer.DownloadAsync(new TransferUtilityDownloadRequest { BucketName = "dotnet-transfer", Key = "big.bin", FilePath = files.Path("transfer.back") });
        var head = await s3.GetObjectMetadataAsync("dotnet-transfer", "big.bin");

        Assert.True(TempFiles.SameBytes(source, files.Path("transfer.back")));
        Assert.EndsWith("-5\"", head.ETag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListCopyDeleteAndPresignWork()
    {
        await s3.PutBucketAsync("dotnet-ops");
        foreach (var key in new[] { "a/1", "a/2", "b/3" })
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "dotnet-ops", Key = key, ContentBody = key });
        }

        await s3.CopyObjectAsync("dotnet-ops", "a/1", "dotnet-ops", "c/copy");
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "dotnet-ops", Delimiter = "/" });
        Assert.Equal(["a/", "b/", "c/"], listing.CommonPrefixes);

        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = "dotnet-ops",
            Key = "c/copy",
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Amazon.S3.Protocol.HTTP,
        });
        using var http = new HttpClient();
        Assert.Equal("a/1", await http.GetStringAsync(new Uri(url)));

        var deleted = await s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = "dotnet-ops",
            Objects = [new KeyVersion { Key = "a/1" }, new KeyVersion { Key = "a/2" }],
        });
        Assert.Equal(2, deleted.DeletedObjects.Count);
        var rest = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "dotnet-ops" });
        Assert.Equal(["b/3", "c/copy"], rest.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task WrongSecretIsRefusedAndNothingIsWritten()
    {
        await s3.PutBucketAsync("dotnet-refused");
        using var intruder = new AmazonS3Client(
            new BasicAWSCredentials(SagebrushServerFixture.Credentials.AccessKeyId, "not-the-secret"),
            new AmazonS3Config { ServiceURL = server.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            intruder.PutObjectAsync(new PutObjectRequest { BucketName = "dotnet-refused", Key = "k", ContentBody = "x" }));

        Assert.Equal("SignatureDoesNotMatch", refused.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "dotnet-refused" });
        Assert.Empty(listing.S3Objects ?? []);
    }

    private readonly TempFiles files = new();

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose()
    {
        s3.Dispose();
        files.Dispose();
    }
}
