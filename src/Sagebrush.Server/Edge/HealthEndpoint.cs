using Microsoft.AspNetCore.Http;

namespace Sagebrush.Server.Edge;

/// <summary>The readiness probe: unauthenticated, answers once the stores are open and the port is bound.</summary>
public static class HealthEndpoint
{
    public static Task WriteAsync(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.ContentType = "application/json";
        return response.WriteAsync("{\"status\":\"ok\"}");
    }
}
