using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Notebooks;
using Yarp.ReverseProxy.Forwarder;

namespace Sagebrush.Server.Notebooks;

/// <summary>
/// The browser's only way to a notebook instance's Jupyter: requests to <c>&lt;name&gt;.notebook.localhost:&lt;port&gt;</c>
/// (checked ahead of the SigV4 edge) are signed in by a presigned URL's <c>authToken</c> or the session cookie it
/// leaves, and forwarded, websockets included, into the instance's network (YARP's forwarder, over connections made
/// inside the instance's network namespace). The proxy takes its own cookie out, so the instance never sees the
/// browser's session, and adds Jupyter's token only where Jupyter listens on the machine's loopback.
/// </summary>
public sealed partial class NotebookProxy(NotebookSessions sessions, NotebookRunner runner, IHttpForwarder forwarder, ILogger<NotebookProxy> logger)
{
    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromMinutes(30) };

    /// <summary>The notebook this request is for, or null when it is for the API.</summary>
    public string? NotebookOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Host.HasValue ? sessions.NotebookOf(request.Host.Host) : null;
    }

    public async Task HandleAsync(HttpContext context, string notebook)
    {
        ArgumentNullException.ThrowIfNull(context);
        await Task.Yield(); // off Kestrel's inline thread, as every route but InvokeEndpoint
        var request = context.Request;
        var response = context.Response;
        if (request.Query.TryGetValue("authToken", out var token))
        {
            if (sessions.Redeem(notebook, token.ToString()) is not { } session)
            {
                LogRefused(logger, notebook, "an invalid, expired or already used presigned URL");
                await WritePageAsync(response, 403, "This presigned URL has expired or has already been used. Ask CreatePresignedNotebookInstanceUrl for a new one: it signs you in once, within 5 minutes.");
                return;
            }

            response.Cookies.Append(NotebookSessions.CookieName, session.Cookie, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Path = "/",
                Expires = session.Expires,
                Secure = request.IsHttps,
            });
            LogSignedIn(logger, notebook);
            response.Redirect("/tree");
            return;
        }

        if (!sessions.IsSignedIn(notebook, request.Cookies[NotebookSessions.CookieName]))
        {
            LogRefused(logger, notebook, "no session");
            await WritePageAsync(response, 403, "Sign in to this notebook instance with a presigned URL (CreatePresignedNotebookInstanceUrl, or 'Open Jupyter').");
            return;
        }

        if (runner.Find(notebook) is not { IsReady: true } host)
        {
            await WritePageAsync(response, 503, $"The notebook instance {notebook} is not InService. Start it with StartNotebookInstance and open it again.");
            return;
        }

        var error = await forwarder.SendAsync(context, string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{host.Port}"), host.Invoker, RequestConfig, new JupyterTransformer(host.Token));
        if (error != ForwarderError.None && !response.HasStarted && error != ForwarderError.RequestCanceled)
        {
            LogForwardFailed(logger, notebook, error);
            await WritePageAsync(response, 502, $"The notebook instance {notebook} did not answer. Try again in a moment.");
        }
    }

    private static async Task WritePageAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sagebrush notebook</title></head><body><p>")
            .Append(WebUtility.HtmlEncode(message))
            .Append("</p></body></html>");
        await response.WriteAsync(html.ToString());
    }

    /// <summary>Jupyter sees the browser's host (its websocket origin check compares it with Origin), its token where it has one (<see cref="NotebookHost.Token"/>), and not the proxy's cookie.</summary>
    private sealed class JupyterTransformer(string? token) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.Host = httpContext.Request.Host.Value;
            proxyRequest.Headers.Remove("Authorization");
            if (token is not null)
            {
                proxyRequest.Headers.TryAddWithoutValidation("Authorization", "token " + token);
            }

            proxyRequest.Headers.Remove("Cookie");
            var kept = httpContext.Request.Headers.Cookie
                .SelectMany(header => (header ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                .Where(pair => !pair.StartsWith(NotebookSessions.CookieName + "=", StringComparison.Ordinal))
                .ToList();
            if (kept.Count > 0)
            {
                proxyRequest.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", kept));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notebook {Notebook}: a browser signed in with a presigned URL")]
    private static partial void LogSignedIn(ILogger logger, string notebook);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notebook {Notebook}: refused a request with {Why}")]
    private static partial void LogRefused(ILogger logger, string notebook, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notebook {Notebook}: forwarding failed ({Error})")]
    private static partial void LogForwardFailed(ILogger logger, string notebook, ForwarderError error);
}
