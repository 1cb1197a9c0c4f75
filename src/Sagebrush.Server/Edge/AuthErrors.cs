using Sagebrush.Core.Common;
using Sagebrush.Server.Protocol.Auth;

namespace Sagebrush.Server.Edge;

/// <summary>
/// One table from an authentication failure to the error each protocol family returns. S3 speaks its own codes;
/// the JSON services share the AWS front end's codes.
/// </summary>
public static class AuthErrors
{
    public static AwsException For(AuthenticationException failure, WireProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var (code, status) = protocol switch
        {
            WireProtocol.RestXml => ForS3(failure.Failure),
            WireProtocol.Query => ForQuery(failure.Failure),
            _ => ForJson(failure.Failure),
        };
        return new AwsException(code, failure.Message, status) { Details = protocol == WireProtocol.RestXml ? failure.Details : new Dictionary<string, string>() };
    }

    private static (string Code, int Status) ForS3(AuthFailure failure) => failure switch
    {
        AuthFailure.MissingAuthentication => ("AccessDenied", 403),
        AuthFailure.IncompleteSignature => ("AuthorizationHeaderMalformed", 400),
        AuthFailure.IncompleteBody => ("IncompleteBody", 400),
        AuthFailure.UnknownAccessKey => ("InvalidAccessKeyId", 403),
        AuthFailure.SignatureMismatch => ("SignatureDoesNotMatch", 403),
        AuthFailure.RequestTimeTooSkewed => ("RequestTimeTooSkewed", 403),
        AuthFailure.PresignedUrlExpired or AuthFailure.HeadersNotSigned => ("AccessDenied", 403),
        AuthFailure.ContentSha256Mismatch => ("XAmzContentSHA256Mismatch", 400),
        AuthFailure.MissingContentSha256 => ("InvalidRequest", 400),
        AuthFailure.UnsupportedSignatureVersion => ("InvalidRequest", 400),
        AuthFailure.InvalidToken => ("InvalidToken", 400),
        AuthFailure.ExpiredToken => ("ExpiredToken", 400),
        AuthFailure.WrongScope => ("AuthorizationHeaderMalformed", 400),
        _ => ("AccessDenied", 403),
    };

    /// <summary>STS, IAM and the other query services (their front end's codes).</summary>
    private static (string Code, int Status) ForQuery(AuthFailure failure) => failure switch
    {
        AuthFailure.MissingAuthentication => ("MissingAuthenticationToken", 403),
        AuthFailure.IncompleteSignature or AuthFailure.UnsupportedSignatureVersion => ("IncompleteSignature", 400),
        AuthFailure.UnknownAccessKey or AuthFailure.InvalidToken => ("InvalidClientTokenId", 403),
        AuthFailure.ExpiredToken => ("ExpiredToken", 403),
        AuthFailure.RequestTimeTooSkewed => ("RequestExpired", 400),
        _ => ("SignatureDoesNotMatch", 403),
    };

    private static (string Code, int Status) ForJson(AuthFailure failure) => failure switch
    {
        AuthFailure.MissingAuthentication => ("MissingAuthenticationTokenException", 403),
        AuthFailure.IncompleteSignature or AuthFailure.UnsupportedSignatureVersion or AuthFailure.IncompleteBody => ("IncompleteSignatureException", 400),
        AuthFailure.UnknownAccessKey or AuthFailure.InvalidToken => ("UnrecognizedClientException", 403),
        AuthFailure.ExpiredToken => ("ExpiredTokenException", 403),
        _ => ("InvalidSignatureException", 403),
    };
}
