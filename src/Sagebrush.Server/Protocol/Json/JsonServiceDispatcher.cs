using System.Text.Json;
using Sagebrush.Core.Common;
using Sagebrush.Server.Edge;
using Sagebrush.Server.Protocol.Auth;

namespace Sagebrush.Server.Protocol.Json;

/// <summary>
/// Routes <c>POST /</c> with <c>X-Amz-Target: Prefix.Operation</c> to the service registered for the prefix.
/// An unknown prefix or operation is <c>UnknownOperationException</c>, never a 500.
/// </summary>
public sealed class JsonServiceDispatcher(IEnumerable<IJsonService> services)
{
    private readonly Dictionary<string, IJsonService> servicesByPrefix = services.ToDictionary(s => s.TargetPrefix, StringComparer.Ordinal);

    public async Task HandleAsync(ServiceCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var target = call.Request.Headers["X-Amz-Target"].ToString();
        if (target.Length == 0)
        {
            // A rest-json call of a service Sagebrush lacks (sagemaker-metrics' POST /BatchPutMetrics, ...): name it.
            throw new AwsException("UnknownOperationException", $"Sagebrush does not support the operation '{call.Request.Method} {call.Request.Path}' of service '{call.Auth.SigningName}'.");
        }

        var (service, operation) = FindOperation(target);
        if (!string.Equals(call.Auth.SigningName, service.SigningName, StringComparison.Ordinal))
        {
            throw new AuthenticationException(AuthFailure.WrongScope, $"Credential should be scoped to correct service: '{service.SigningName}'.");
        }


        using var body = new MemoryStream();
        await call.Auth.Body.CopyToAsync(body, call.Aborted);
        ReadOnlyMemory<byte> input = body.Length == 0 ? "{}"u8.ToArray() : body.ToArray();

        byte[] output;
        try
        {
            output = await operation(input, call);
        }
        catch (JsonException malformed)
        {
            // System.Text.Json's own message names .NET types ("could not be converted to System.Int32"); say where
            // the body went wrong in the wire's terms instead.
            throw new AwsException("SerializationException", malformed.Path is { Length: > 1 } path
                ? $"The request body could not be read as {target}'s input: the value at {path} is not of the type the operation expects."
                : $"The request body could not be read as {target}'s input: it is not well-formed JSON of the operation's shape.");
        }

        call.Response.StatusCode = 200;
        call.Response.ContentType = AwsJsonErrorWriter.ContentType;
        call.Response.ContentLength = output.Length;
        await call.Response.Body.WriteAsync(output, call.Aborted);
    }

    private (IJsonService Service, JsonOperation Operation) FindOperation(string target)
    {
        var dot = target.LastIndexOf('.');
        if (dot > 0
            && servicesByPrefix.TryGetValue(target[..dot], out var service)
            && service.Operations.TryGetValue(target[(dot + 1)..], out var operation))
        {
            return (service, operation);
        }

        throw new AwsException("UnknownOperationException", $"Sagebrush does not support the operation '{target}'.");
    }
}
