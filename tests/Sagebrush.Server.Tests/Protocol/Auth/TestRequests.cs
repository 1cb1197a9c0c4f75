using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sagebrush.Server.Tests.Protocol.Auth;

/// <summary>Builds requests as Kestrel would hand them over, raw request target included.</summary>
internal static class TestRequests
{
    public static HttpRequest Create(string method, string rawTarget, IEnumerable<(string Name, string Value)> headers, byte[]? body = null)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = method;
        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        request.Path = new PathString(question < 0 ? rawTarget : rawTarget[..question]);
        request.QueryString = question < 0 ? QueryString.Empty : new QueryString(rawTarget[question..]);
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;
        foreach (var (name, value) in headers)
        {
            request.Headers.Append(name, value);
        }

        if (body is not null)
        {
            request.Body = new MemoryStream(body);
        }

        return request;
    }

    public static string AmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static async Task<byte[]> ReadToEndAsync(Stream body)
    {
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        return copy.ToArray();
    }
}
