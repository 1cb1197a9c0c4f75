using System.Text;
using Microsoft.AspNetCore.Http;
using Sagebrush.Server.Protocol.Auth;

namespace Sagebrush.Server.Tests.Protocol.Auth;

/// <summary>aws-chunked bodies as the SDKs send them, signed and unsigned, with and without trailers.</summary>
public sealed class AwsChunkedBodyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 20, 0, TimeSpan.Zero);
    private static readonly TestSigner Signer = TestSigner.Default;
    private static readonly byte[] Data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 3000).Select(i => (char)('a' + (i % 26)))));
    private static readonly (string, string)[] Checksum = [("x-amz-checksum-crc32", "AAAAAA==")];

    [Fact]
    public async Task SignedChunksDecodeToTheOriginalData()
    {
        var (request, _) = SignedChunkedPut(SigV4Names.StreamingSignedPayload, seed => Signer.SignedChunkedBody(Now, seed, Data, 1024));

        var auth = await Authenticate(request);

        Assert.Equal(Data, await TestRequests.ReadToEndAsync(auth.Body));
        Assert.Equal(Data.Length, auth.DecodedContentLength);
    }

    [Fact]
    public async Task TamperedChunkIsSignatureMismatch()
    {
        var (request, body) = SignedChunkedPut(SigV4Names.StreamingSignedPayload, seed => Signer.SignedChunkedBody(Now, seed, Data, 1024));
        body[body.Length / 2] ^= 0x01;

        var failure = await ReadFailsAsync(request);

        Assert.Equal(AuthFailure.SignatureMismatch, failure.Failure);
    }

    [Fact]
    public async Task ChunksReorderedOrFromAnotherRequestAreSignatureMismatch()
    {
        // Signed from a different seed: each chunk is well formed but the chain does not start at this request.
        var (request, _) = SignedChunkedPut(SigV4Names.StreamingSignedPayload,
            _ => Signer.SignedChunkedBody(Now, new string('0', 64), Data, 1024));

        Assert.Equal(AuthFailure.SignatureMismatch, (await ReadFailsAsync(request)).Failure);
    }

    [Fact]
    public async Task SignedTrailerIsVerifiedAndExposedAfterEndOfStream()
    {
        var (request, _) = SignedChunkedPut(SigV4Names.StreamingSignedPayloadTrailer,
            seed => Signer.SignedChunkedBody(Now, seed, Data, 1024, Checksum));

        var auth = await Authenticate(request);
        Assert.Empty(auth.Trailers);
        var decoded = await TestRequests.ReadToEndAsync(auth.Body);

        Assert.Equal(Data, decoded);
        Assert.Equal("AAAAAA==", auth.Trailers["X-Amz-Checksum-CRC32"]);
        Assert.False(auth.Trailers.ContainsKey("x-amz-trailer-signature"));
    }

    [Fact]
    public async Task TamperedTrailerIsSignatureMismatch()
    {
        var (request, _) = SignedChunkedPut(SigV4Names.StreamingSignedPayloadTrailer,
            seed => Replace(Signer.SignedChunkedBody(Now, seed, Data, 1024, Checksum), "AAAAAA==", "BBBBBB=="));

        Assert.Equal(AuthFailure.SignatureMismatch, (await ReadFailsAsync(request)).Failure);
    }

    [Fact]
    public async Task SignedTrailerWithoutTrailerSignatureIsRefused()
    {
        var (request, _) = SignedChunkedPut(SigV4Names.StreamingSignedPayloadTrailer,
            seed => StripTrailerSignature(Signer.SignedChunkedBody(Now, seed, Data, 1024, Checksum)));

        var failure = await ReadFailsAsync(request);

        Assert.Equal(AuthFailure.IncompleteSignature, failure.Failure);
    }

    [Fact]
    public async Task UnsignedTrailerVariantDecodesDataAndTrailers()
    {
        var request = TestRequests.Create("PUT", "/bucket/key",
        [
            ("Host", "localhost"), ("Content-Encoding", "aws-chunked"), ("x-amz-trailer", "x-amz-checksum-crc32"),
            ("x-amz-decoded-content-length", Data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        Signer.SignHeaders(request, Now, SigV4Names.StreamingUnsignedPayloadTrailer);
        request.Body = new MemoryStream(TestSigner.UnsignedChunkedBody(Data, 1000, Checksum));

        var auth = await Authenticate(request);
        var decoded = await TestRequests.ReadToEndAsync(auth.Body);

        Assert.Equal(Data, decoded);
        Assert.Equal("AAAAAA==", auth.Trailers["x-amz-checksum-crc32"]);
    }

    [Theory]
    [InlineData("zz;chunk-signature=")]
    [InlineData("10000000000000000;chunk-signature=")]
    [InlineData("")]
    public async Task MalformedChunkHeaderIsIncompleteSignature(string header)
    {
        var (request, _) = SignedChunkedPut(SigV4Names.StreamingSignedPayload,
            _ => Encoding.ASCII.GetBytes(header + new string('0', 64) + "\r\nabc\r\n"));

        var failure = await ReadFailsAsync(request);

        Assert.Equal(AuthFailure.IncompleteSignature, failure.Failure);
        Assert.StartsWith("The aws-chunked body is malformed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedBodyIsIncompleteBodyAndKeepsFailing()
    {
        var (request, _) = SignedChunkedPut(SigV4Names.StreamingSignedPayload,
            seed => Signer.SignedChunkedBody(Now, seed, Data, 1024)[..1500]);

        var auth = await Authenticate(request);
        var failure = await Assert.ThrowsAsync<AuthenticationException>(() => TestRequests.ReadToEndAsync(auth.Body));
        var again = await Assert.ThrowsAsync<AuthenticationException>(() => TestRequests.ReadToEndAsync(auth.Body));

        Assert.Equal(AuthFailure.IncompleteBody, failure.Failure);
        Assert.StartsWith("The request body terminated unexpectedly", failure.Message, StringComparison.Ordinal);
        Assert.Same(failure, again);
    }

    [Fact]
    public async Task DecodedLengthDifferentFromDeclaredIsIncompleteSignature()
    {
        var (request, _) = SignedChunkedPut(SigV4Names.StreamingSignedPayload, seed => Signer.SignedChunkedBody(Now, seed, Data, 1024),
            declaredLength: Data.Length + 1);

        Assert.Equal(AuthFailure.IncompleteSignature, (await ReadFailsAsync(request)).Failure);
    }

    /// <summary>Signs a PUT declaring <paramref name="mode"/>, then attaches the body built from its seed signature.</summary>
    private static (HttpRequest Request, byte[] Body) SignedChunkedPut(
        string mode, Func<string, byte[]> bodyFromSeed, long? declaredLength = null)
    {
        var request = TestRequests.Create("PUT", "/bucket/key",
        [
            ("Host", "localhost"), ("Content-Encoding", "aws-chunked"),
            ("x-amz-decoded-content-length", (declaredLength ?? Data.Length).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        var seed = Signer.SignHeaders(request, Now, mode);
        var body = bodyFromSeed(seed);
        request.Body = new MemoryStream(body);
        return (request, body);
    }

    private static byte[] Replace(byte[] body, string from, string to) =>
        Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(body).Replace(from, to, StringComparison.Ordinal));

    private static byte[] StripTrailerSignature(byte[] body)
    {
        var text = Encoding.Latin1.GetString(body);
        var start = text.IndexOf("x-amz-trailer-signature:", StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes(text[..start] + "\r\n");
    }

    private static async Task<AuthenticationException> ReadFailsAsync(HttpRequest request)
    {
        var auth = await Authenticate(request);
        return await Assert.ThrowsAsync<AuthenticationException>(() => TestRequests.ReadToEndAsync(auth.Body));
    }

    private static Task<AuthenticatedRequest> Authenticate(HttpRequest request) =>
        new SigV4Authenticator(key => key == Signer.AccessKeyId ? Signer.Secret : null, new FixedTimeProvider(Now))
            .AuthenticateAsync(request, CancellationToken.None);
}
