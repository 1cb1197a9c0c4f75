using System.Text;
using Sagebrush.Core.Common;
using Sagebrush.Server.Protocol.RestXml;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Protocol.RestXml;

public sealed class S3XmlTests
{
    [Fact]
    public void TimestampsUseS3sMillisecondIsoFormAndHttpDates()
    {
        var time = new DateTimeOffset(2026, 11, 22, 1, 2, 3, 45, TimeSpan.FromHours(2));

        Assert.Equal("2026-11-21T23:02:03.045Z", S3Xml.Timestamp(time));
        Assert.Equal("Sat, 21 Nov 2026 23:02:03 GMT", S3Xml.HttpDate(time));
    }

    [Fact]
    public async Task DocumentsAreWrittenInS3sNamespaceWithALength()
    {
        var context = Requests.Create("GET", "/");

        await S3Xml.WriteAsync(context.Response, S3Xml.Element("ListAllMyBucketsResult", S3Xml.Element("Buckets")));

        var body = Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        Assert.Equal("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Buckets /></ListAllMyBucketsResult>", body);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), context.Response.ContentLength);
        Assert.Equal("application/xml", context.Response.ContentType);
    }

    [Theory]
    [InlineData("<Delete><Object><Key>a</Key></Object></Delete>")]
    [InlineData("<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>a</Key></Object></Delete>")]
    public async Task RequestDocumentsParseWithOrWithoutTheNamespace(string xml)
    {
        var root = await S3Xml.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml)), CancellationToken.None);

        Assert.Equal("a", S3Xml.ChildValue(S3Xml.Children(root, "Object").Single(), "Key"));
    }

    [Theory]
    [InlineData("<Delete><Object>")]
    [InlineData("<!DOCTYPE d [<!ENTITY e \"x\">]><Delete>&e;</Delete>")]
    [InlineData("")]
    public async Task UnreadableOrDtdDocumentsAreMalformedXml(string xml)
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => S3Xml.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml)), CancellationToken.None));

        Assert.Equal("MalformedXML", error.Code);
    }

    [Fact]
    public async Task ErrorsCarryCodeMessageDetailsAndRequestIdAndHeadHasNoBody()
    {
        var get = Requests.Create("GET", "/b/missing");
        var head = Requests.Create("HEAD", "/b/missing");
        var error = new AwsException("NoSuchKey", "The specified key does not exist.", 404) { Details = new Dictionary<string, string> { ["Key"] = "missing" } };

        await S3ErrorWriter.WriteAsync(get, error, "ABCDEF0123456789");
        await S3ErrorWriter.WriteAsync(head, error, "ABCDEF0123456789");

        var body = Encoding.UTF8.GetString(((MemoryStream)get.Response.Body).ToArray());
        Assert.Equal(404, get.Response.StatusCode);
        Assert.Contains("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>missing</Key>", body, StringComparison.Ordinal);
        Assert.Contains("<RequestId>ABCDEF0123456789</RequestId>", body, StringComparison.Ordinal);
        Assert.Equal(404, head.Response.StatusCode);
        Assert.Equal(0, head.Response.Body.Length);
    }
}
