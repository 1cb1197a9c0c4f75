using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Tests.Storage.Objects;

public sealed class RangeTests : IDisposable
{
    private static readonly byte[] Data = [.. Enumerable.Range(0, 100).Select(i => (byte)i)];
    private readonly ObjectStoreScope _scope = new();

    [Theory]
    [InlineData(0L, 9L, 0, 9)]
    [InlineData(10L, 19L, 10, 19)]
    [InlineData(90L, 500L, 90, 99)]
    [InlineData(50L, null, 50, 99)]
    [InlineData(99L, 99L, 99, 99)]
    public async Task ARangeReturnsThoseBytesClampedToTheObject(long first, long? last, int expectedFirst, int expectedLast)
    {
        await PutDataAsync();

        await using var content = await _scope.Store.GetObjectAsync("bucket", "key", new ByteRange(first, last));

        Assert.Equal((expectedFirst, expectedLast), content.Range);
        Assert.Equal(expectedLast - expectedFirst + 1, content.Length);
        Assert.Equal(Data[expectedFirst..(expectedLast + 1)], await ReadAllAsync(content.Body));
    }

    [Theory]
    [InlineData(10L, 90, 99)]
    [InlineData(100L, 0, 99)]
    [InlineData(1000L, 0, 99)]
    public async Task ASuffixRangeReturnsTheLastBytes(long suffix, int expectedFirst, int expectedLast)
    {
        await PutDataAsync();

        await using var content = await _scope.Store.GetObjectAsync("bucket", "key", new ByteRange(null, null, suffix));

        Assert.Equal((expectedFirst, expectedLast), content.Range);
        Assert.Equal(Data[expectedFirst..(expectedLast + 1)], await ReadAllAsync(content.Body));
    }

    [Fact]
    public async Task ARangeStartingPastTheEndIsInvalidRange()
    {
        await PutDataAsync();

        var error = await Assert.ThrowsAsync<AwsException>(() => _scope.Store.GetObjectAsync("bucket", "key", new ByteRange(100, 200)));

        Assert.Equal((S3ErrorCodes.InvalidRange, 416), (error.Code, error.StatusCode));
        Assert.Equal("100", error.Details["ActualObjectSize"]);
    }

    [Fact]
    public async Task ASuffixRangeOfZeroBytesIsInvalidRange()
    {
        await PutDataAsync();
        var error = await Assert.ThrowsAsync<AwsException>(() => _scope.Store.GetObjectAsync("bucket", "key", new ByteRange(null, null, 0)));
        Assert.Equal(S3ErrorCodes.InvalidRange, error.Code);
    }

    [Fact]
    public async Task ARangeEndingBeforeItStartsIsIgnoredAsS3Does()
    {
        await PutDataAsync();

        await using var content = await _scope.Store.GetObjectAsync("bucket", "key", new ByteRange(20, 10));

        Assert.Null(content.Range);
        Assert.Equal(Data, await ReadAllAsync(content.Body));
    }

    private async Task PutDataAsync()
    {
        await _scope.WithBucketAsync();
        await _scope.PutAsync("bucket", "key", Data);
    }

    private static async Task<byte[]> ReadAllAsync(Stream body)
    {
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        return copy.ToArray();
    }

    public void Dispose() => _scope.Dispose();
}
