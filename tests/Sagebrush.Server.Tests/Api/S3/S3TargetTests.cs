using Sagebrush.Server.Api.S3;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.S3;

public sealed class S3TargetTests
{
    [Theory]
    [InlineData("/", "127.0.0.1:8780", null, null)]
    [InlineData("/data", "127.0.0.1:8780", "data", null)]
    [InlineData("/data/", "127.0.0.1:8780", "data", null)]
    [InlineData("/data/train/a.csv?uploads", "127.0.0.1:8780", "data", "train/a.csv")]
    [InlineData("/data/a%20b%2Bc.txt", "127.0.0.1:8780", "data", "a b+c.txt")]
    [InlineData("/data/a+b", "127.0.0.1:8780", "data", "a+b")]
    [InlineData("/data//double//slash", "127.0.0.1:8780", "data", "/double//slash")]
    [InlineData("/data/dir%2Ffile", "127.0.0.1:8780", "data", "dir/file")]
    [InlineData("/data/%C3%A9t%C3%A9", "127.0.0.1:8780", "data", "été")]
    [InlineData("/train/a.csv", "data.localhost:8780", "data", "train/a.csv")]
    [InlineData("/", "data.s3.localhost:8780", "data", null)]
    [InlineData("/data/k", "s3.localhost:8780", "data", "k")]
    public void BucketAndKeyComeFromThePathOrTheHost(string rawTarget, string host, string? bucket, string? key)
    {
        var context = Requests.Create("GET", rawTarget, ("Host", host));
        context.Request.Host = new Microsoft.AspNetCore.Http.HostString(host);

        var target = S3Target.From(context.Request);

        Assert.Equal(new S3Target(bucket, key), target);
    }

    [Theory]
    [InlineData("plain/key.txt", "plain/key.txt")]
    [InlineData("a b", "a+b")]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("*~", "*%7E")]
    [InlineData("été", "%C3%A9t%C3%A9")]
    [InlineData("\u0001ctl", "%01ctl")]
    [InlineData("😀", "%F0%9F%98%80")]
    public void UrlEncodingKeepsSlashesAndStarsAndEncodesTheRest(string key, string encoded)
    {
        Assert.Equal(encoded, S3UrlEncoding.Encode(key));
    }

    [Theory]
    [InlineData("bytes=0-99", 0L, 99L, null)]
    [InlineData("bytes=100-", 100L, null, null)]
    [InlineData("bytes=-500", null, null, 500L)]
    public void SingleRangesAreParsed(string header, long? first, long? last, long? suffix)
    {
        var context = Requests.Create("GET", "/b/k", ("Range", header));

        Assert.Equal(new Core.Storage.Objects.ByteRange(first, last, suffix), S3RequestReader.Range(context.Request));
    }

    [Theory]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("items=0-1")]
    [InlineData("bytes=9-1")]
    [InlineData("bytes=x-y")]
    public void RangesS3IgnoresGiveTheWholeObject(string header)
    {
        var context = Requests.Create("GET", "/b/k", ("Range", header));

        Assert.Null(S3RequestReader.Range(context.Request));
    }

    [Fact]
    public void AwsChunkedIsNotStoredAsAContentEncoding()
    {
        var context = Requests.Create("PUT", "/b/k", ("Content-Encoding", "aws-chunked,gzip"), ("x-amz-meta-Owner", "Team"));

        var headers = S3RequestReader.ContentHeaders(context.Request);

        Assert.Equal("gzip", headers["Content-Encoding"]);
        Assert.Equal("binary/octet-stream", headers["Content-Type"]);
        Assert.Equal("Team", S3RequestReader.UserMetadata(context.Request)["owner"]);
    }

    [Fact]
    public void TheOtherContentEncodingsAreKeptAsAListWithTheirSpaces()
    {
        var context = Requests.Create("PUT", "/b/k", ("Content-Encoding", "deflate, gzip, aws-chunked"));

        Assert.Equal("deflate, gzip", S3RequestReader.ContentHeaders(context.Request)["Content-Encoding"]);
    }
}
