using Sagebrush.Core.Identity;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Sagebrush.Server.Protocol.Auth;

namespace Sagebrush.Server.Tests.Protocol.Auth;

public sealed class SigV4AuthenticatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 20, 0, TimeSpan.Zero);
    private static readonly TestSigner S3 = TestSigner.Default;
    private static readonly TestSigner SageMaker = new(S3.AccessKeyId, S3.Secret, "us-west-2", "sagemaker");

    [Fact]
    public async Task CorrectlySignedS3PutPassesAndYieldsItsBody()
    {
        var body = TestRequests.Utf8("hello world");
        var request = S3Put("/bucket/some key.txt", body);
        S3.SignHeaders(request, Now, Sha256Hex(body));

        var auth = await Authenticator().AuthenticateAsync(request, CancellationToken.None);

        Assert.Equal(body, await TestRequests.ReadToEndAsync(auth.Body));
        Assert.Equal(("s3", "us-east-1", S3.AccessKeyId), (auth.SigningName, auth.Region, auth.AccessKeyId));
    }

    [Fact]
    public async Task S3KeysWithDotSegmentsAndDoubleSlashesAreSignedAsSent()
    {
        var request = S3Put("/bucket/a//./../b%20c+d", []);
        S3.SignHeaders(request, Now, SigV4Names.UnsignedPayload);

        await Authenticator().AuthenticateAsync(request, CancellationToken.None);

        Assert.Equal("/bucket/a//./../b%20c%2Bd", CanonicalRequest.CanonicalUri("/bucket/a//./../b%20c+d", isS3: true));
    }

    [Theory]
    [InlineData("/endpoints/my%3Aep/invocations", "/endpoints/my%253Aep/invocations")]
    [InlineData("/a/./b/../c//d/", "/a/c/d/")]
    [InlineData("", "/")]
    [InlineData("/a%2Fb", "/a%252Fb")]
    public void OtherServicesNormaliseThenDoubleEncodeThePathAsBotocoreDoes(string rawPath, string expected)
    {
        // Expected values printed by botocore 1.x SigV4Auth._normalize_url_path.
        Assert.Equal(expected, CanonicalRequest.CanonicalUri(rawPath, isS3: false));
    }

    [Fact]
    public async Task WrongSecretIsSignatureMismatch()
    {
        var request = S3Put("/bucket/key", []);
        new TestSigner(S3.AccessKeyId, "not-the-secret", "us-east-1", "s3").SignHeaders(request, Now, SigV4Names.UnsignedPayload);

        var failure = await AuthenticateFailsAsync(request);

        Assert.Equal(AuthFailure.SignatureMismatch, failure.Failure);
        Assert.DoesNotContain(S3.Secret, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedHeaderChangedAfterSigningIsSignatureMismatch()
    {
        var request = S3Put("/bucket/key", []);
        request.Headers.ContentType = "text/plain";
        S3.SignHeaders(request, Now, SigV4Names.UnsignedPayload);
        request.Headers.ContentType = "text/html";

        Assert.Equal(AuthFailure.SignatureMismatch, (await AuthenticateFailsAsync(request)).Failure);
    }

    [Fact]
    public async Task S3RefusesAmzHeadersThatWereNotSigned()
    {
        var request = S3Put("/bucket/key", []);
        S3.SignHeaders(request, Now, SigV4Names.UnsignedPayload);
        request.Headers["x-amz-acl"] = "public-read";

        var failure = await AuthenticateFailsAsync(request);

        Assert.Equal(AuthFailure.HeadersNotSigned, failure.Failure);
        Assert.Equal("There were headers present in the request which were not signed", failure.Message);
        Assert.Equal("x-amz-acl", failure.Details["HeadersNotSigned"]);
    }

    [Theory]
    [InlineData("s3", "The AWS Access Key Id you provided does not exist in our records.")]
    [InlineData("sagemaker", "The security token included in the request is invalid.")]
    public async Task UnknownAccessKeyIsReportedInTheServicesWords(string service, string message)
    {
        var request = S3Put("/bucket/key", []);
        new TestSigner("AKIDUNKNOWN", "whatever", "us-east-1", service).SignHeaders(request, Now, SigV4Names.UnsignedPayload);

        var failure = await AuthenticateFailsAsync(request);

        Assert.Equal(AuthFailure.UnknownAccessKey, failure.Failure);
        Assert.Equal(message, failure.Message);
    }

    [Fact]
    public async Task UnsignedRequestIsMissingAuthentication()
    {
        var request = TestRequests.Create("GET", "/bucket/key", [("Host", "localhost")]);

        Assert.Equal(AuthFailure.MissingAuthentication, (await AuthenticateFailsAsync(request)).Failure);
        Assert.Null(SigV4Authenticator.SigningNameOf(request));
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDTESTKEY/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date")]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIDTESTKEY/2026/us-east-1/s3, SignedHeaders=host, Signature=abc")]
    public async Task MalformedAuthorizationIsIncompleteSignature(string authorization)
    {
        var request = TestRequests.Create("GET", "/", [("Host", "localhost"), ("x-amz-date", "20260101T002000Z"), ("Authorization", authorization)]);

        Assert.Equal(AuthFailure.IncompleteSignature, (await AuthenticateFailsAsync(request)).Failure);
    }

    [Theory]
    [InlineData("/bucket/key", "AWS AKIDTESTKEY:c2lnbmF0dXJl")]
    [InlineData("/bucket/key?AWSAccessKeyId=AKIDTESTKEY&Expires=1767225600&Signature=c2ln", "")]
    public async Task SignatureVersion2IsUnsupportedSignatureVersion(string target, string authorization)
    {
        List<(string, string)> headers = [("Host", "localhost"), ("x-amz-date", "20260101T002000Z")];
        if (authorization.Length > 0)
        {
            headers.Add(("Authorization", authorization));
        }

        var request = TestRequests.Create("GET", target, headers);

        Assert.Equal(AuthFailure.UnsupportedSignatureVersion, (await AuthenticateFailsAsync(request)).Failure);
    }

    [Fact]
    public async Task TwentyMinuteSkewIsRejected()
    {
        var request = S3Put("/bucket/key", []);
        S3.SignHeaders(request, Now.AddMinutes(-20), SigV4Names.UnsignedPayload);

        var failure = await AuthenticateFailsAsync(request);

        Assert.Equal(AuthFailure.RequestTimeTooSkewed, failure.Failure);
    }

    [Fact]
    public async Task S3ToleratesTenMinutesOfSkewButOtherServicesOnlyFive()
    {
        var s3 = S3Put("/bucket/key", []);
        S3.SignHeaders(s3, Now.AddMinutes(-10), SigV4Names.UnsignedPayload);
        await Authenticator().AuthenticateAsync(s3, CancellationToken.None);

        var sageMaker = JsonRequest("{}");
        SageMaker.SignHeaders(sageMaker, Now.AddMinutes(-10), Sha256Hex(TestRequests.Utf8("{}")));
        var failure = await AuthenticateFailsAsync(sageMaker);

        Assert.Equal(AuthFailure.RequestTimeTooSkewed, failure.Failure);
        Assert.Equal(
            "Signature expired: 20260101T001000Z is now earlier than 20260101T001500Z (20260101T002000Z - 5 min.)", failure.Message);
    }

    [Fact]
    public async Task PresignedUrlPassesWithinItsLifetimeAndExpiresAfter()
    {
        var fresh = TestRequests.Create("GET", "/bucket/key?versionId=v+1", [("Host", "localhost:4566")]);
        S3.Presign(fresh, Now.AddMinutes(-30), expiresSeconds: 3600);
        await Authenticator().AuthenticateAsync(fresh, CancellationToken.None);
        Assert.Equal("s3", SigV4Authenticator.SigningNameOf(fresh));

        var stale = TestRequests.Create("GET", "/bucket/key", [("Host", "localhost:4566")]);
        S3.Presign(stale, Now.AddMinutes(-30), expiresSeconds: 60);
        var failure = await AuthenticateFailsAsync(stale);

        Assert.Equal(AuthFailure.PresignedUrlExpired, failure.Failure);
    }

    [Fact]
    public async Task PresignedUrlWithTamperedQueryIsSignatureMismatch()
    {
        var request = TestRequests.Create("GET", "/bucket/key?response-content-type=text%2Fplain", [("Host", "localhost")]);
        S3.Presign(request, Now, expiresSeconds: 60);
        var feature = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!;
        feature.RawTarget = feature.RawTarget.Replace("text%2Fplain", "text%2Fhtml", StringComparison.Ordinal);

        Assert.Equal(AuthFailure.SignatureMismatch, (await AuthenticateFailsAsync(request)).Failure);
    }

    [Fact]
    public async Task BodyAlteredAfterSigningFailsAtEndOfStream()
    {
        var request = S3Put("/bucket/key", TestRequests.Utf8("hellO"));
        S3.SignHeaders(request, Now, Sha256Hex(TestRequests.Utf8("hello")));

        var auth = await Authenticator().AuthenticateAsync(request, CancellationToken.None);
        var failure = await Assert.ThrowsAsync<AuthenticationException>(() => TestRequests.ReadToEndAsync(auth.Body));

        Assert.Equal(AuthFailure.ContentSha256Mismatch, failure.Failure);
        Assert.Equal("The provided 'x-amz-content-sha256' header does not match what was computed.", failure.Message);
    }

    [Fact]
    public async Task S3HeaderAuthWithoutContentSha256IsRejected()
    {
        var request = S3Put("/bucket/key", []);
        S3.SignHeaders(request, Now, SigV4Names.UnsignedPayload);
        request.Headers.Remove("x-amz-content-sha256");

        Assert.Equal(AuthFailure.MissingContentSha256, (await AuthenticateFailsAsync(request)).Failure);
    }

    [Fact]
    public async Task ContentSha256ThatIsNeitherHashNorModeIsRejected()
    {
        var request = S3Put("/bucket/key", []);
        request.Headers["x-amz-content-sha256"] = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";
        S3.SignHeaders(request, Now, "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD");

        Assert.Equal(AuthFailure.ContentSha256Mismatch, (await AuthenticateFailsAsync(request)).Failure);
    }

    [Fact]
    public async Task SageMakerJsonBodyIsHashedBufferedAndReturned()
    {
        const string json = """{"EndpointName":"my-endpoint"}""";
        var request = JsonRequest(json);
        SageMaker.SignHeaders(request, Now, Sha256Hex(TestRequests.Utf8(json)));

        var auth = await Authenticator().AuthenticateAsync(request, CancellationToken.None);

        Assert.Equal("sagemaker", SigV4Authenticator.SigningNameOf(request));
        Assert.Equal(json, System.Text.Encoding.UTF8.GetString(await TestRequests.ReadToEndAsync(auth.Body)));
        Assert.Equal(json.Length, auth.DecodedContentLength);
    }

    [Fact]
    public async Task SageMakerBodyDifferentFromTheSignedOneIsSignatureMismatch()
    {
        var request = JsonRequest("""{"EndpointName":"other"}""");
        SageMaker.SignHeaders(request, Now, Sha256Hex(TestRequests.Utf8("""{"EndpointName":"mine"}""")));

        Assert.Equal(AuthFailure.SignatureMismatch, (await AuthenticateFailsAsync(request)).Failure);
    }

    [Fact]
    public async Task OversizedBufferedBodyIsInvalidData()
    {
        var body = new byte[BufferedBody.MaxBytes + 1];
        var request = JsonRequest("");
        request.Body = new MemoryStream(body);
        SageMaker.SignHeaders(request, Now, Sha256Hex(body));

        await Assert.ThrowsAsync<InvalidDataException>(() => Authenticator().AuthenticateAsync(request, CancellationToken.None));
    }

    [Fact]
    public void SigningNameComesFromTheCredentialScope()
    {
        var request = JsonRequest("{}");
        new TestSigner("AKID", "s", "eu-west-1", "logs").SignHeaders(request, Now, Sha256Hex(TestRequests.Utf8("{}")));

        Assert.Equal("logs", SigV4Authenticator.SigningNameOf(request));
    }

    [Fact]
    public async Task ASignatureThatLeavesTheHostOutIsRefusedInEachServicesWords()
    {
        var s3 = S3Put("/bucket/key", []);
        S3.SignHeaders(s3, Now, SigV4Names.UnsignedPayload);
        s3.Headers.Authorization = WithoutHost(s3.Headers.Authorization.ToString());
        var failure = await AuthenticateFailsAsync(s3);
        Assert.Equal(AuthFailure.HeadersNotSigned, failure.Failure);
        Assert.Equal("host", failure.Details["HeadersNotSigned"]);

        var json = JsonRequest("{}");
        SageMaker.SignHeaders(json, Now, Sha256Hex(TestRequests.Utf8("{}")));
        json.Headers.Authorization = WithoutHost(json.Headers.Authorization.ToString());
        var jsonFailure = await AuthenticateFailsAsync(json);
        Assert.Equal("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", jsonFailure.Message);

        static string WithoutHost(string authorization)
        {
            var without = authorization.Replace("=host;", "=", StringComparison.Ordinal).Replace(";host;", ";", StringComparison.Ordinal);
            Assert.NotEqual(authorization, without);
            return without;
        }
    }

    [Fact]
    public async Task BodiesAwaitingTheirSignatureCheckShareOneBudgetAndGiveItBackWhenChecked()
    {
        var authenticator = new SigV4Authenticator(key => key == S3.AccessKeyId ? new SigningCredential(S3.Secret) : null, new FixedTimeProvider(Now), bodyBudgetBytes: 1_000_000);
        // A made-up signature on a 800 kB body whose last bytes have not arrived yet: it holds 800 kB of the budget.
        var slow = new GatedStream(new byte[800_000]);
        var first = JsonRequest("{}");
        SageMaker.SignHeaders(first, Now, Sha256Hex(TestRequests.Utf8("{}")));
        first.Body = slow;
        first.ContentLength = 800_000;
        var pending = authenticator.AuthenticateAsync(first, CancellationToken.None);
        Assert.Equal(800_000, authenticator.BufferedBytes);

        // A second large body does not fit: refused before a byte of it is read, as throttling (SDKs retry it).
        var second = JsonRequest("{}");
        SageMaker.SignHeaders(second, Now, Sha256Hex(TestRequests.Utf8("{}")));
        second.ContentLength = 400_000;
        var throttled = await Assert.ThrowsAsync<Sagebrush.Core.Common.AwsException>(() => authenticator.AuthenticateAsync(second, CancellationToken.None));
        Assert.Equal("ThrottlingException", throttled.Code);
        Assert.Equal(0, second.Body.Position);

        // The first body ends, its signature does not match, and its share is given back.
        slow.Release();
        await Assert.ThrowsAsync<AuthenticationException>(() => pending);
        Assert.Equal(0, authenticator.BufferedBytes);
        var third = JsonRequest("{}");
        SageMaker.SignHeaders(third, Now, Sha256Hex(TestRequests.Utf8("{}")));
        await authenticator.AuthenticateAsync(third, CancellationToken.None);
        Assert.Equal(0, authenticator.BufferedBytes);
    }

    /// <summary>A body that yields all but its last byte at once and the last one only after <see cref="Release"/>.</summary>
    private sealed class GatedStream(byte[] data) : Stream
    {
        private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int position;

        public void Release() => gate.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position == data.Length - 1)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            var count = Math.Min(buffer.Length, position < data.Length - 1 ? data.Length - 1 - position : data.Length - position);
            data.AsMemory(position, count).CopyTo(buffer);
            position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static HttpRequest S3Put(string rawTarget, byte[] body) =>
        TestRequests.Create("PUT", rawTarget, [("Host", "localhost:4566")], body);

    private static HttpRequest JsonRequest(string json) =>
        TestRequests.Create("POST", "/",
        [
            ("Host", "localhost:4566"),
            ("Content-Type", "application/x-amz-json-1.1"),
            ("X-Amz-Target", "SageMaker.DescribeEndpoint"),
        ], TestRequests.Utf8(json));

    private static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static Task<AuthenticationException> AuthenticateFailsAsync(HttpRequest request) =>
        Assert.ThrowsAsync<AuthenticationException>(() => Authenticator().AuthenticateAsync(request, CancellationToken.None));

    private static SigV4Authenticator Authenticator() =>
        new(key => key == S3.AccessKeyId ? S3.Secret : null, new FixedTimeProvider(Now));
}
