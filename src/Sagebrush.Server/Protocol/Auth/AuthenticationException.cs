namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// A request that failed SigV4 verification. Messages follow AWS's wording and never contain secret material.
/// </summary>
public sealed class AuthenticationException(AuthFailure failure, string message) : Exception(message)
{
    public AuthFailure Failure { get; } = failure;

    /// <summary>Extra fields S3 adds to the error (<c>HeadersNotSigned</c>).</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();
}
