namespace Sagebrush.Server.Protocol.Auth;

/// <summary>The wire names SigV4 uses, kept in one place.</summary>
internal static class SigV4Names
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string ChunkAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD";
    public const string TrailerAlgorithm = "AWS4-HMAC-SHA256-TRAILER";

    public const string AlgorithmQuery = "X-Amz-Algorithm";
    public const string CredentialQuery = "X-Amz-Credential";
    public const string DateQuery = "X-Amz-Date";
    public const string ExpiresQuery = "X-Amz-Expires";
    public const string SignedHeadersQuery = "X-Amz-SignedHeaders";
    public const string SignatureQuery = "X-Amz-Signature";

    public const string DateHeader = "x-amz-date";
    public const string ContentSha256Header = "x-amz-content-sha256";
    public const string DecodedContentLengthHeader = "x-amz-decoded-content-length";
    public const string TrailerSignature = "x-amz-trailer-signature";

    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string StreamingSignedPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    public const string StreamingSignedPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    public const string StreamingUnsignedPayloadTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    /// <summary>SHA-256 of the empty string, the payload hash of every bodiless request.</summary>
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary><c>yyyyMMdd'T'HHmmss'Z'</c>, the ISO 8601 basic format of <c>X-Amz-Date</c>.</summary>
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";
}
