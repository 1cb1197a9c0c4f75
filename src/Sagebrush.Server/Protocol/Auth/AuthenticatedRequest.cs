namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// A request whose signature checked out. Read <see cref="Body"/>, not <c>HttpRequest.Body</c>: it is the decoded
/// payload, and it throws <see cref="AuthenticationException"/> before reporting end of stream if the payload
/// turns out not to be the one that was signed. Callers must therefore treat the data as unverified until EOF.
/// </summary>
public sealed class AuthenticatedRequest
{
    internal AuthenticatedRequest(
        CredentialScope scope,
        Stream body,
        IReadOnlyDictionary<string, string> trailers,
        long? decodedContentLength)
    {
        AccessKeyId = scope.AccessKeyId;
        Region = scope.Region;
        SigningName = scope.Service;
        Body = body;
        Trailers = trailers;
        DecodedContentLength = decodedContentLength;
    }

    public string AccessKeyId { get; }

    public string Region { get; }

    /// <summary>The credential scope's service: <c>s3</c>, <c>sagemaker</c>, <c>logs</c>, ...</summary>
    public string SigningName { get; }

    public Stream Body { get; }

    /// <summary>Trailing headers of an aws-chunked body (case-insensitive names); empty until <see cref="Body"/> reached EOF.</summary>
    public IReadOnlyDictionary<string, string> Trailers { get; }

    /// <summary><c>x-amz-decoded-content-length</c> for aws-chunked bodies, otherwise the request's Content-Length.</summary>
    public long? DecodedContentLength { get; }
}
