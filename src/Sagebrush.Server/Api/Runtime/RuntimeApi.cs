using Sagebrush.Core.Common;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Api.Runtime;

/// <summary>
/// SageMaker Runtime (rest-json): <c>POST /endpoints/{EndpointName}/invocations</c>.
/// Not supported yet: endpoints themselves (the hosting issue), so every endpoint name is unknown, and
/// InvokeEndpointAsync / InvokeEndpointWithResponseStream.
/// </summary>
public sealed class RuntimeApi(AccountSettings account)
{
    public async Task HandleAsync(ServiceCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var segments = (call.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var endpointName = Uri.UnescapeDataString(segments[1]);

        // Drain the body so a keep-alive connection stays usable after the error.
        await call.Auth.Body.CopyToAsync(Stream.Null, call.Aborted);
        throw new AwsException("ValidationError", $"Endpoint {endpointName} of account {account.AccountId} not found.");
    }
}
