using System.Text;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Tests.Storage.Objects;

public sealed class CopyObjectTests : IDisposable
{
    private readonly ObjectStoreScope _scope = new();

    [Fact]
    public async Task ACopyKeepsTheSourceMetadataAndBodyInANewBlob()
    {
        await SourceAsync();
        await _scope.Store.CreateBucketAsync("target");
        _scope.Time.Now = _scope.Time.Now.AddMinutes(5);

        var copy = await _scope.Store.CopyObjectAsync("bucket", "source", "target", "copy", replaceMetadata: null);

        Assert.Equal("text/plain", copy.ContentType);
        Assert.Equal("blue", copy.Metadata["color"]);
        Assert.Equal(_scope.Time.Now, copy.LastModified);
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", copy.ETag);
        Assert.Equal("hello", Encoding.ASCII.GetString(await _scope.ReadAsync("target", "copy")));
        Assert.Equal(2, _scope.FilesUnder("blobs").Count());

        await _scope.Store.DeleteObjectAsync("bucket", "source");
        Assert.Equal("hello", Encoding.ASCII.GetString(await _scope.ReadAsync("target", "copy")));
    }

    [Fact]
    public async Task ACopyWithReplacementMetadataTakesTheNewMetadata()
    {
        await SourceAsync();
        var replacement = new ObjectWrite(new Dictionary<string, string> { ["Content-Type"] = "application/json" }, new Dictionary<string, string> { ["shape"] = "round" }, BodyCheck.None);

        var copy = await _scope.Store.CopyObjectAsync("bucket", "source", "bucket", "source", replacement);

        Assert.Equal("application/json", copy.ContentType);
        Assert.Equal(["shape"], copy.Metadata.Keys);
        Assert.Equal("hello", Encoding.ASCII.GetString(await _scope.ReadAsync("bucket", "source")));
        Assert.Single(_scope.FilesUnder("blobs"));
    }

    [Fact]
    public async Task CopyingAnObjectOntoItselfWithoutChangesIsInvalidRequest()
    {
        await SourceAsync();
        var error = await Assert.ThrowsAsync<AwsException>(() => _scope.Store.CopyObjectAsync("bucket", "source", "bucket", "source", null));
        Assert.Equal((S3ErrorCodes.InvalidRequest, 400), (error.Code, error.StatusCode));
    }

    [Fact]
    public async Task CopyingAMissingSourceIsNoSuchKey()
    {
        await _scope.WithBucketAsync();
        var error = await Assert.ThrowsAsync<AwsException>(() => _scope.Store.CopyObjectAsync("bucket", "missing", "bucket", "copy", null));
        Assert.Equal(S3ErrorCodes.NoSuchKey, error.Code);
    }

    private async Task SourceAsync()
    {
        await _scope.WithBucketAsync();
        var write = new ObjectWrite(new Dictionary<string, string> { ["Content-Type"] = "text/plain" }, new Dictionary<string, string> { ["color"] = "blue" }, BodyCheck.None);
        await _scope.PutAsync("bucket", "source", Encoding.ASCII.GetBytes("hello"), write);
    }

    public void Dispose() => _scope.Dispose();
}
