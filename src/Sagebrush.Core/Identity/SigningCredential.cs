namespace Sagebrush.Core.Identity;

/// <summary>
/// What the signature check needs of an access key: its secret, and for temporary credentials the session token the
/// request must carry (X-Amz-Security-Token) and when they expire.
/// </summary>
public sealed record SigningCredential(string SecretAccessKey, string? SessionToken = null, DateTimeOffset? Expiration = null);

/// <summary>Who signed a request, as GetCallerIdentity reports it.</summary>
public sealed record Caller(string Arn, string UserId, string Account);

/// <summary>Temporary credentials STS issued, as kept in the metadata store (the server's data directory is its own).</summary>
public sealed record SessionCredentials(
    string AccessKeyId,
    string SecretAccessKey,
    string SessionToken,
    DateTimeOffset Expiration,
    string CallerArn,
    string CallerUserId);
