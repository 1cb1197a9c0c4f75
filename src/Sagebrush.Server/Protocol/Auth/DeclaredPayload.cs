namespace Sagebrush.Server.Protocol.Auth;

/// <summary>What <c>x-amz-content-sha256</c> says about the body, and so how the body must be verified.</summary>
internal enum DeclaredPayloadKind
{
    LiteralSha256,
    Unsigned,
    StreamingSigned,
    StreamingSignedWithTrailer,
    StreamingUnsignedWithTrailer,
}

internal readonly record struct DeclaredPayload(DeclaredPayloadKind Kind, string HeaderValue)
{
    public bool IsAwsChunked => Kind is not (DeclaredPayloadKind.LiteralSha256 or DeclaredPayloadKind.Unsigned);

    /// <summary>
    /// Reads the header value. Anything else, SigV4a's <c>STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD</c> included,
    /// is refused as <see cref="AuthFailure.ContentSha256Mismatch"/>.
    /// </summary>
    public static DeclaredPayload Parse(string value)
    {
        var kind = value switch
        {
            SigV4Names.UnsignedPayload => DeclaredPayloadKind.Unsigned,
            SigV4Names.StreamingSignedPayload => DeclaredPayloadKind.StreamingSigned,
            SigV4Names.StreamingSignedPayloadTrailer => DeclaredPayloadKind.StreamingSignedWithTrailer,
            SigV4Names.StreamingUnsignedPayloadTrailer => DeclaredPayloadKind.StreamingUnsignedWithTrailer,
            _ when value.Length == 64 && value.All(char.IsAsciiHexDigit) => DeclaredPayloadKind.LiteralSha256,
            _ => throw new AuthenticationException(AuthFailure.ContentSha256Mismatch, AuthMessages.InvalidContentSha256),
        };
        return new DeclaredPayload(kind, value);
    }
}
