namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// A request that failed SigV4 verification. Messages follow AWS's wording and never contain secret material.
/// </summary>
public sealed class AuthenticationException(AuthFailure failure, string message) : Exception(message)
{
    public AuthFailure Failure { get; } = failure;
}
