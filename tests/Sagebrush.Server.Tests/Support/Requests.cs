using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sagebrush.Server.Tests.Support;

/// <summary>In-memory requests for codec unit tests, with the raw target set as Kestrel would.</summary>
public static class Requests
{
    public static HttpContext Create(string method, string rawTarget, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Path = PathString.FromUriComponent(query >= 0 ? rawTarget[..query] : rawTarget);
        context.Request.QueryString = query >= 0 ? new QueryString(rawTarget[query..]) : QueryString.Empty;
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;
        context.Request.Host = new HostString("127.0.0.1:8780");
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }
}
