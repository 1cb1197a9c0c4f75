using Microsoft.AspNetCore.Http;
using Sagebrush.Server.Protocol.Auth;

namespace Sagebrush.Server.Edge;

/// <summary>An authenticated request on its way to a service. Services read the body from <see cref="Auth"/>, never from the raw request.</summary>
public sealed record ServiceCall(HttpContext Http, AuthenticatedRequest Auth, string RequestId)
{
    public HttpRequest Request => Http.Request;

    public HttpResponse Response => Http.Response;

    public CancellationToken Aborted => Http.RequestAborted;
}
