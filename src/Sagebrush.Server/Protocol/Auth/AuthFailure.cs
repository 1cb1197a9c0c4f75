namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// Why a request failed SigV4 verification. The edge turns each into its protocol's own error code and status
/// (S3's <c>SignatureDoesNotMatch</c>, JSON's <c>InvalidSignatureException</c>, ...); this layer only classifies.
/// </summary>
public enum AuthFailure
{
    /// <summary>No Authorization header and no <c>X-Amz-Algorithm</c> query parameter.</summary>
    MissingAuthentication,

    /// <summary>The signature parameters are missing pieces or malformed; also used for malformed aws-chunked framing.</summary>
    IncompleteSignature,

    UnknownAccessKey,
    SignatureMismatch,
    RequestTimeTooSkewed,
    PresignedUrlExpired,

    /// <summary>The body does not hash to the declared <c>x-amz-content-sha256</c>, or that header holds no valid value.</summary>
    ContentSha256Mismatch,

    /// <summary>An S3 request signed in the Authorization header without <c>x-amz-content-sha256</c>.</summary>
    MissingContentSha256,

    /// <summary>Signature Version 2 (<c>Authorization: AWS ...</c>, or <c>AWSAccessKeyId</c> and <c>Signature</c> in the query).</summary>
    UnsupportedSignatureVersion,

    /// <summary>An aws-chunked body that ended before its framing said it would (S3: IncompleteBody).</summary>
    IncompleteBody,

    /// <summary>An S3 request carrying <c>x-amz-*</c> headers outside its signature (S3: AccessDenied, listing them).</summary>
    HeadersNotSigned,

    /// <summary>A session token that does not belong to the access key (or a token with a long-term key).</summary>
    InvalidToken,

    /// <summary>Temporary credentials used after their expiration.</summary>
    ExpiredToken,

    /// <summary>A credential scope for another region, or for another service than the one the request calls.</summary>
    WrongScope,
}
