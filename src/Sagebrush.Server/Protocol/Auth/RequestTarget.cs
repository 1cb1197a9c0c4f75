using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// The path and query exactly as the client sent them. Signatures cover the client's encoding, which
/// <see cref="HttpRequest.Path"/> has already decoded (and <see cref="HttpRequest.Query"/> re-parsed), so both come
/// from <see cref="IHttpRequestFeature.RawTarget"/>.
/// </summary>
internal readonly record struct RequestTarget(string Path, string Query)
{
    public static RequestTarget Of(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            // Hosts without a raw target (test servers) get the re-encoded form, which is right for ordinary paths.
            raw = request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        }

        raw = StripAbsoluteForm(raw);
        var question = raw.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? new RequestTarget(raw, "") : new RequestTarget(raw[..question], raw[(question + 1)..]);
    }

    /// <summary>A proxy-style target (<c>http://host/path?q</c>) signs only its path and query.</summary>
    private static string StripAbsoluteForm(string raw)
    {
        var scheme = raw.IndexOf("://", StringComparison.Ordinal);
        if (raw.StartsWith('/') || scheme < 0)
        {
            return raw;
        }

        var pathStart = raw.IndexOfAny(['/', '?'], scheme + 3);
        return pathStart < 0 ? "/" : raw[pathStart..];
    }
}
