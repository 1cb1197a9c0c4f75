using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Tests.Storage.Objects;

public sealed class BucketTests : IDisposable
{
    private readonly ObjectStoreScope _scope = new();

    [Fact]
    public async Task CreatedBucketsAreListedByNameWithTheirCreationTime()
    {
        await _scope.Store.CreateBucketAsync("zeta");
        await _scope.Store.CreateBucketAsync("alpha");

        var buckets = await _scope.Store.ListBucketsAsync();

        Assert.Equal(["alpha", "zeta"], buckets.Select(b => b.Name));
        Assert.Equal(_scope.Time.Now, buckets[0].CreationDate);
        Assert.Equal("alpha", (await _scope.Store.GetBucketAsync("alpha"))?.Name);
        Assert.Null(await _scope.Store.GetBucketAsync("missing"));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("UpperCase")]
    [InlineData("-starts-with-hyphen")]
    [InlineData("ends-with-hyphen-")]
    [InlineData("has..two-dots")]
    [InlineData("192.168.5.4")]
    [InlineData("under_score")]
    [InlineData("xn--punycode")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public async Task InvalidBucketNamesAreRejected(string name)
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => _scope.Store.CreateBucketAsync(name));
        Assert.Equal((S3ErrorCodes.InvalidBucketName, 400), (error.Code, error.StatusCode));
        Assert.Equal(name, error.Details["BucketName"]);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("my.bucket-1")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    public async Task ValidBucketNamesAreAccepted(string name)
    {
        await _scope.Store.CreateBucketAsync(name);
        Assert.NotNull(await _scope.Store.GetBucketAsync(name));
    }

    [Fact]
    public async Task CreatingAnExistingBucketFailsWithBucketAlreadyOwnedByYou()
    {
        await _scope.Store.CreateBucketAsync("bucket");
        var error = await Assert.ThrowsAsync<AwsException>(() => _scope.Store.CreateBucketAsync("bucket"));
        Assert.Equal((S3ErrorCodes.BucketAlreadyOwnedByYou, 409), (error.Code, error.StatusCode));
    }

    [Fact]
    public async Task DeletingABucketWithAnObjectFailsWithBucketNotEmpty()
    {
        await _scope.WithBucketAsync();
        await _scope.PutAsync("bucket", "key", [1]);

        var error = await Assert.ThrowsAsync<AwsException>(() => _scope.Store.DeleteBucketAsync("bucket"));

        Assert.Equal((S3ErrorCodes.BucketNotEmpty, 409), (error.Code, error.StatusCode));
        await _scope.Store.DeleteObjectAsync("bucket", "key");
        await _scope.Store.DeleteBucketAsync("bucket");
        Assert.Null(await _scope.Store.GetBucketAsync("bucket"));
    }

    [Fact]
    public async Task DeletingABucketWithAnOpenUploadDeletesTheUploadAndItsPartsAsS3Does()
    {
        await _scope.WithBucketAsync();
        var upload = await _scope.Store.CreateMultipartUploadAsync("bucket", "key", ObjectWrite.Plain());
        await _scope.Store.UploadPartAsync("bucket", "key", upload.UploadId, 1, new MemoryStream([1, 2, 3]), BodyCheck.None);
        var blobs = Path.Combine(_scope.Root, "blobs");
        Assert.Single(Directory.GetFiles(blobs, "*", SearchOption.AllDirectories));

        await _scope.Store.DeleteBucketAsync("bucket");

        Assert.Null(await _scope.Store.GetBucketAsync("bucket"));
        Assert.Empty(Directory.GetFiles(blobs, "*", SearchOption.AllDirectories)); // the part's file went too
        await _scope.WithBucketAsync();
        var uploads = await _scope.Store.ListMultipartUploadsAsync("bucket", new ListUploadsQuery());
        Assert.Empty(uploads.Uploads);
    }

    [Fact]
    public async Task OperationsOnAMissingBucketFailWithNoSuchBucket()
    {
        var delete = await Assert.ThrowsAsync<AwsException>(() => _scope.Store.DeleteBucketAsync("missing"));
        var put = await Assert.ThrowsAsync<AwsException>(() => _scope.PutAsync("missing", "key", [1]));
        var list = await Assert.ThrowsAsync<AwsException>(() => _scope.Store.ListObjectsAsync("missing", new ListObjectsQuery()));

        foreach (var error in new[] { delete, put, list })
        {
            Assert.Equal((S3ErrorCodes.NoSuchBucket, 404), (error.Code, error.StatusCode));
            Assert.Equal("missing", error.Details["BucketName"]);
        }
    }

    public void Dispose() => _scope.Dispose();
}
