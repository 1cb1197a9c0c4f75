using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sagebrush.Server.Api.S3;

/// <summary>
/// The bucket and key a request names. Path style (<c>/bucket/key</c>) always works; virtual-host style
/// (<c>bucket.localhost/key</c>, <c>bucket.s3.localhost/key</c>) when the Host header carries the bucket.
/// Keys are taken from the raw request target so that <c>//</c>, <c>%2F</c> and <c>+</c> survive as S3 sees them.
/// </summary>
public sealed record S3Target(string? Bucket, string? Key)
{
    private static readonly string[] VirtualHostSuffixes = [".s3.localhost", ".localhost"];

    public static S3Target From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = query >= 0 ? rawTarget[..query] : rawTarget;
        if (Uri.TryCreate(rawPath, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
        {
            rawPath = absolute.AbsolutePath;
        }

        var path = rawPath.StartsWith('/') ? rawPath[1..] : rawPath;
        var hostBucket = BucketFromHost(request.Host.Host);
        if (hostBucket is not null)
        {
            return new S3Target(hostBucket, path.Length == 0 ? null : Uri.UnescapeDataString(path));
        }

        if (path.Length == 0)
        {
            return new S3Target(null, null);
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return new S3Target(Uri.UnescapeDataString(path), null);
        }

        var key = path[(slash + 1)..];
        return new S3Target(Uri.UnescapeDataString(path[..slash]), key.Length == 0 ? null : Uri.UnescapeDataString(key));
    }

    private static string? BucketFromHost(string host)
    {
        foreach (var suffix in VirtualHostSuffixes)
        {
            if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                var bucket = host[..^suffix.Length];
                return bucket.Equals("s3", StringComparison.OrdinalIgnoreCase) ? null : bucket;
            }
        }

        return null;
    }
}
