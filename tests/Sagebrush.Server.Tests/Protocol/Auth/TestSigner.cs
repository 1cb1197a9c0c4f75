using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sagebrush.Server.Protocol.Auth;

namespace Sagebrush.Server.Tests.Protocol.Auth;

/// <summary>
/// Signs test requests the way an SDK would. It reuses the production canonicalisation, which the published
/// vectors pin independently; what it adds is the client's side (choosing headers, writing the Authorization
/// header, presigning, framing aws-chunked bodies).
/// </summary>
internal sealed class TestSigner(string accessKeyId, string secret, string region, string service)
{
    public static readonly TestSigner Default = new("AKIDTESTKEY", "test/secret+key", "us-east-1", "s3");

    public string AccessKeyId { get; } = accessKeyId;

    public string Secret { get; } = secret;

    public string Scope(DateTimeOffset time) => $"{TestRequests.AmzDate(time)[..8]}/{region}/{service}/aws4_request";

    public SigV4Signer SignerAt(DateTimeOffset time) =>
        new(SigV4Signer.DeriveSigningKey(Secret, TestRequests.AmzDate(time)[..8], region, service), TestRequests.AmzDate(time), Scope(time));

    /// <summary>Adds x-amz-date (and for S3 x-amz-content-sha256) and an Authorization header signing every header present; returns the signature.</summary>
    public string SignHeaders(HttpRequest request, DateTimeOffset time, string payloadHash)
    {
        request.Headers["x-amz-date"] = TestRequests.AmzDate(time);
        if (service == "s3" || request.Headers.ContainsKey("x-amz-content-sha256"))
        {
            // As botocore's S3 signer does: the declared payload travels in the header it signs.
            request.Headers["x-amz-content-sha256"] = payloadHash;
        }

        var names = request.Headers.Keys.Select(name => name.ToLowerInvariant()).Where(name => name != "authorization").Order(StringComparer.Ordinal).ToList();
        var signature = Sign(request, time, names, payloadHash, presigned: false);
        request.Headers.Authorization =
            $"AWS4-HMAC-SHA256 Credential={AccessKeyId}/{Scope(time)}, SignedHeaders={string.Join(';', names)}, Signature={signature}";
        return signature;
    }

    /// <summary>Rewrites the raw target into a presigned URL signing only <c>host</c>.</summary>
    public void Presign(HttpRequest request, DateTimeOffset time, int expiresSeconds, string payloadHash = "UNSIGNED-PAYLOAD")
    {
        var feature = request.HttpContext.Features.Get<IHttpRequestFeature>()!;
        var separator = feature.RawTarget.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        feature.RawTarget += separator + string.Join('&',
            $"X-Amz-Algorithm=AWS4-HMAC-SHA256",
            $"X-Amz-Credential={Uri.EscapeDataString($"{AccessKeyId}/{Scope(time)}")}",
            $"X-Amz-Date={TestRequests.AmzDate(time)}",
            $"X-Amz-Expires={expiresSeconds}",
            "X-Amz-SignedHeaders=host");
        var signature = Sign(request, time, ["host"], payloadHash, presigned: true);
        feature.RawTarget += "&X-Amz-Signature=" + signature;
    }

    /// <summary>Frames data as signed aws-chunked chunks chained from <paramref name="seedSignature"/>, with optional trailers.</summary>
    public byte[] SignedChunkedBody(
        DateTimeOffset time, string seedSignature, byte[] data, int chunkSize, IReadOnlyList<(string Name, string Value)>? trailers = null)
    {
        var signer = SignerAt(time);
        using var body = new MemoryStream();
        var previous = seedSignature;
        for (var offset = 0; ; )
        {
            // Once offset reaches the end, the chunk is empty: that is the zero-size final chunk.
            var chunk = data.AsSpan(offset, Math.Min(chunkSize, data.Length - offset));
            previous = signer.SignChunk(previous, SHA256.HashData(chunk));
            Write(body, $"{chunk.Length:x};chunk-signature={previous}\r\n");
            body.Write(chunk);
            if (chunk.Length == 0)
            {
                break;
            }

            Write(body, "\r\n");
            offset += chunk.Length;
        }

        if (trailers is null)
        {
            Write(body, "\r\n");
            return body.ToArray();
        }

        var canonical = string.Concat(trailers.Select(t => $"{t.Name}:{t.Value}\n"));
        foreach (var (name, value) in trailers)
        {
            Write(body, $"{name}:{value}\r\n");
        }

        Write(body, $"x-amz-trailer-signature:{signer.SignTrailer(previous, canonical)}\r\n\r\n");
        return body.ToArray();
    }

    /// <summary>Frames data as botocore's unsigned aws-chunked encoding: <c>hex\r\ndata\r\n</c>, then <c>0\r\n</c> and trailers.</summary>
    public static byte[] UnsignedChunkedBody(byte[] data, int chunkSize, IReadOnlyList<(string Name, string Value)> trailers)
    {
        using var body = new MemoryStream();
        for (var offset = 0; offset < data.Length; offset += chunkSize)
        {
            var chunk = data.AsSpan(offset, Math.Min(chunkSize, data.Length - offset));
            Write(body, $"{chunk.Length:x}\r\n");
            body.Write(chunk);
            Write(body, "\r\n");
        }

        Write(body, "0\r\n" + string.Concat(trailers.Select(t => $"{t.Name}:{t.Value}\r\n")) + "\r\n");
        return body.ToArray();
    }

    private string Sign(HttpRequest request, DateTimeOffset time, IReadOnlyList<string> signedHeaders, string payloadHash, bool presigned)
    {
        var target = RequestTarget.Of(request);
        var canonical = CanonicalRequest.Build(
            request.Method,
            CanonicalRequest.CanonicalUri(target.Path, service == "s3"),
            CanonicalRequest.CanonicalQuery(QueryParameter.ParseAll(target.Query), omitSignature: presigned),
            CanonicalRequest.CanonicalHeaders(request.Headers, signedHeaders),
            string.Join(';', signedHeaders),
            payloadHash);
        return SignerAt(time).SignCanonicalRequest(canonical);
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));
}
