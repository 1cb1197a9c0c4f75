using System.Globalization;

namespace Sagebrush.Server.Protocol.Auth;

/// <summary>AWS's wording for each failure, in one place. None of these may ever include a secret.</summary>
internal static class AuthMessages
{
    public const string MissingAuthentication = "Missing Authentication Token";
    public const string SignatureMismatch =
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.";
    public const string HeadersNotSigned = "There were headers present in the request which were not signed";
    public const string UnknownAccessKey = "The security token included in the request is invalid.";
    public const string UnknownAccessKeyS3 = "The AWS Access Key Id you provided does not exist in our records.";
    public const string InvalidTokenS3 = "The provided token is malformed or otherwise invalid.";
    public const string ExpiredToken = "The security token included in the request is expired";
    public const string ExpiredTokenS3 = "The provided token has expired.";
    public const string SkewedS3 = "The difference between the request time and the current time is too large.";
    public const string PresignedUrlExpired = "Request has expired";
    public const string ContentSha256Mismatch = "The provided 'x-amz-content-sha256' header does not match what was computed.";
    public const string InvalidContentSha256 =
        "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, " +
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, or a valid sha256 value.";
    public const string MissingContentSha256 = "Missing required header for this request: x-amz-content-sha256";
    public const string SignatureVersion2 =
        "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256 "
        + "(boto3: Config(signature_version='s3v4')).";

    public const string UnsupportedAlgorithm =
        "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.";
    public const string TwoMechanisms = "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified";
    public const string MissingDate = "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.";
    public const string BadDate = "Date must be in ISO-8601 'basic format'. Got '{0}'. See http://en.wikipedia.org/wiki/ISO_8601";
    public const string CredentialDateMismatch = "Invalid credential date. Date is not the same as X-Amz-Date.";
    public const string BadCredential = "Credential should be scoped to a valid region and service, in the form <key>/<yyyyMMdd>/<region>/<service>/aws4_request.";
    public const string ExpiresOutOfRange = "X-Amz-Expires must be between 1 and 604800 seconds (one week).";

    public static string SkewedPast(string requestTime, DateTimeOffset now, int minutes) =>
        $"Signature expired: {requestTime} is now earlier than {Format(now.AddMinutes(-minutes))} ({Format(now)} - {minutes} min.)";

    public static string SkewedFuture(string requestTime, DateTimeOffset now, int minutes) =>
        $"Signature not yet current: {requestTime} is still later than {Format(now.AddMinutes(minutes))} ({Format(now)} + {minutes} min.)";

    public static string MissingParameters(string where, IEnumerable<string> missing) =>
        string.Join(' ', missing.Select(name => $"{where} requires '{name}' parameter."));

    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(SigV4Names.AmzDateFormat, CultureInfo.InvariantCulture);
}
