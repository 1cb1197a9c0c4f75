using System.Security.Cryptography;
using System.Text;
using Sagebrush.Server.Protocol.Auth;

namespace Sagebrush.Server.Tests.Protocol.Auth;

/// <summary>
/// The worked examples of the Amazon S3 API reference ("Signature Calculations for the Authorization Header",
/// "Authenticating Requests: Using Query Parameters", "Transferring Payload in Multiple Chunks"). Every expected
/// value is AWS's published one.
/// </summary>
public sealed class S3DocumentedExamplesTests
{
    private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string SeedSignature = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private const string FirstChunkSignature = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
    private const string SecondChunkSignature = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
    private const string FinalChunkSignature = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";
    private static readonly DateTimeOffset ExampleTime = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetObjectWithRangeMatchesAwsDocumentedSignature()
    {
        var request = TestRequests.Create("GET", "/test.txt",
        [
            ("Host", "examplebucket.s3.amazonaws.com"),
            ("Range", "bytes=0-9"),
            ("x-amz-content-sha256", EmptySha256),
            ("x-amz-date", "20130524T000000Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request," +
                "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date," +
                "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
        ], []);

        var auth = await Authenticator().AuthenticateAsync(request, CancellationToken.None);

        Assert.Equal("s3", auth.SigningName);
        Assert.Empty(await TestRequests.ReadToEndAsync(auth.Body));
    }

    [Fact]
    public void GetObjectCanonicalRequestHashesToTheDocumentedStringToSign()
    {
        var request = TestRequests.Create("GET", "/test.txt",
        [
            ("Host", "examplebucket.s3.amazonaws.com"),
            ("Range", "bytes=0-9"),
            ("x-amz-content-sha256", EmptySha256),
            ("x-amz-date", "20130524T000000Z"),
        ]);

        var canonical = CanonicalRequest.Build("GET", CanonicalRequest.CanonicalUri("/test.txt", isS3: true), "",
            CanonicalRequest.CanonicalHeaders(request.Headers, ["host", "range", "x-amz-content-sha256", "x-amz-date"]),
            "host;range;x-amz-content-sha256;x-amz-date", EmptySha256);

        Assert.Equal(
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
            SigV4Signer.StringToSign("20130524T000000Z", "20130524/us-east-1/s3/aws4_request", canonical));
    }

    [Fact]
    public async Task PresignedGetMatchesAwsDocumentedSignatureUntilItExpires()
    {
        const string target = "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
        var clock = new FixedTimeProvider(ExampleTime.AddHours(23));
        var authenticator = new SigV4Authenticator(key => key == AccessKey ? Secret : null, clock);

        var auth = await authenticator.AuthenticateAsync(
            TestRequests.Create("GET", target, [("Host", "examplebucket.s3.amazonaws.com")]), CancellationToken.None);
        Assert.Equal(AccessKey, auth.AccessKeyId);

        clock.Now = ExampleTime.AddSeconds(86401);
        var expired = await Assert.ThrowsAsync<AuthenticationException>(() => authenticator.AuthenticateAsync(
            TestRequests.Create("GET", target, [("Host", "examplebucket.s3.amazonaws.com")]), CancellationToken.None));
        Assert.Equal(AuthFailure.PresignedUrlExpired, expired.Failure);
        Assert.Equal("Request has expired", expired.Message);
    }

    [Fact]
    public void ChunkSignaturesMatchAwsDocumentedExample()
    {
        var signer = new SigV4Signer(
            SigV4Signer.DeriveSigningKey(Secret, "20130524", "us-east-1", "s3"), "20130524T000000Z", "20130524/us-east-1/s3/aws4_request");

        var first = signer.SignChunk(SeedSignature, SHA256.HashData(Enumerable.Repeat((byte)'a', 65536).ToArray()));
        var second = signer.SignChunk(first, SHA256.HashData(Enumerable.Repeat((byte)'a', 1024).ToArray()));
        var final = signer.SignChunk(second, SHA256.HashData([]));

        Assert.Equal(FirstChunkSignature, first);
        Assert.Equal(SecondChunkSignature, second);
        Assert.Equal(FinalChunkSignature, final);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(100_000)]
    public async Task ChunkedPutFromAwsDocumentationVerifiesAndDecodes(int readSize)
    {
        var request = StreamingExampleRequest(StreamingExampleBody());

        var auth = await Authenticator().AuthenticateAsync(request, CancellationToken.None);
        var decoded = await ReadInPiecesAsync(auth.Body, readSize);

        Assert.Equal(66560, auth.DecodedContentLength);
        Assert.Equal(66560, decoded.Length);
        Assert.All(decoded, b => Assert.Equal((byte)'a', b));
        Assert.Empty(auth.Trailers);
    }

    [Fact]
    public async Task ChunkedPutWithAlteredDataFailsItsChunkSignature()
    {
        var body = StreamingExampleBody();
        body[200] = (byte)'b';

        var auth = await Authenticator().AuthenticateAsync(StreamingExampleRequest(body), CancellationToken.None);
        var failure = await Assert.ThrowsAsync<AuthenticationException>(() => TestRequests.ReadToEndAsync(auth.Body));

        Assert.Equal(AuthFailure.SignatureMismatch, failure.Failure);
    }

    private static Microsoft.AspNetCore.Http.HttpRequest StreamingExampleRequest(byte[] body) =>
        TestRequests.Create("PUT", "/examplebucket/chunkObject.txt",
        [
            ("Host", "s3.amazonaws.com"),
            ("x-amz-date", "20130524T000000Z"),
            ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request," +
                "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class," +
                $"Signature={SeedSignature}"),
            ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
            ("Content-Encoding", "aws-chunked"),
            ("x-amz-decoded-content-length", "66560"),
            ("Content-Length", "66824"),
        ], body);

    private static byte[] StreamingExampleBody()
    {
        var body = new MemoryStream();
        Write(body, $"10000;chunk-signature={FirstChunkSignature}\r\n");
        body.Write(Enumerable.Repeat((byte)'a', 65536).ToArray());
        Write(body, $"\r\n400;chunk-signature={SecondChunkSignature}\r\n");
        body.Write(Enumerable.Repeat((byte)'a', 1024).ToArray());
        Write(body, $"\r\n0;chunk-signature={FinalChunkSignature}\r\n\r\n");
        Assert.Equal(66824, body.Length);
        return body.ToArray();
    }

    private static async Task<byte[]> ReadInPiecesAsync(Stream stream, int size)
    {
        var output = new MemoryStream();
        var buffer = new byte[size];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));

    private static SigV4Authenticator Authenticator() =>
        new(key => key == AccessKey ? Secret : null, new FixedTimeProvider(ExampleTime));
}
