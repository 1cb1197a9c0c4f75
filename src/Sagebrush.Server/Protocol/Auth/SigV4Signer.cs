using System.Security.Cryptography;
using System.Text;

namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// Computes SigV4 signatures for one credential scope and request time: the request's own, then each aws-chunked
/// chunk's and the trailer's, which chain from it. Holds the derived signing key, never the secret.
/// </summary>
internal sealed class SigV4Signer
{
    private readonly byte[] _signingKey;

    public SigV4Signer(byte[] signingKey, string amzDate, string scope)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        _signingKey = signingKey;
        AmzDate = amzDate;
        Scope = scope;
    }

    public string AmzDate { get; }

    public string Scope { get; }

    /// <summary>HMAC chain: <c>AWS4</c>+secret, then date, region, service and <c>aws4_request</c>.</summary>
    public static byte[] DeriveSigningKey(string secretAccessKey, string date, string region, string service)
    {
        ArgumentNullException.ThrowIfNull(secretAccessKey);
        var key = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return key;
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{SigV4Names.Algorithm}\n{amzDate}\n{scope}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest))}";

    public string SignCanonicalRequest(string canonicalRequest) => Sign(StringToSign(AmzDate, Scope, canonicalRequest));

    public string SignChunk(string previousSignature, ReadOnlySpan<byte> chunkSha256) =>
        Sign($"{SigV4Names.ChunkAlgorithm}\n{AmzDate}\n{Scope}\n{previousSignature}\n{SigV4Names.EmptySha256}\n{Convert.ToHexStringLower(chunkSha256)}");

    /// <summary>Signs the trailer block, canonicalised as <c>name:value\n</c> per trailing header.</summary>
    public string SignTrailer(string previousSignature, string canonicalTrailers) =>
        Sign($"{SigV4Names.TrailerAlgorithm}\n{AmzDate}\n{Scope}\n{previousSignature}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonicalTrailers))}");

    public string Sign(string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_signingKey, Encoding.UTF8.GetBytes(stringToSign)));

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Constant-time comparison of two hex signatures, case-insensitive on the client's side.</summary>
    public static bool SignaturesEqual(string expected, string provided)
    {
        if (expected.Length != provided.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(provided.ToLowerInvariant()));
    }
}
