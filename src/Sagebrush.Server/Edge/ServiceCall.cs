using Microsoft.AspNetCore.Http;
using Sagebrush.Server.Protocol.Auth;

namespace Sagebrush.Server.Edge;

/// <summary>An authenticated request on its way to a service. Services read the body from <see cref="Auth"/>, never from the raw request.</summary>
/// <param name="Started">When the edge received the request (a <see cref="System.Diagnostics.Stopwatch"/> timestamp): OverheadLatency counts from here.</param>
public sealed record ServiceCall(HttpContext Http, AuthenticatedRequest Auth, string RequestId, long Started = 0)
{
    public HttpRequest Request => Http.Request;

    public HttpResponse Response => Http.Response;

    public CancellationToken Aborted => Http.RequestAborted;
}
