using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sagebrush.Core.Common;
using Sagebrush.Server.Edge;
using Sagebrush.Server.Protocol.Json;

namespace Sagebrush.Server.Api.SageMaker;

/// <summary>The one shape every operation has: parse the request, call the domain service, serialize its answer.</summary>
public sealed partial class SageMakerApi
{
    private static async Task<byte[]> CallAsync<TRequest, TResponse>(
        ReadOnlyMemory<byte> input,
        JsonTypeInfo<TRequest> request,
        Func<TRequest, CancellationToken, Task<TResponse>> service,
        JsonTypeInfo<TResponse> response,
        ServiceCall call) =>
        JsonSerializer.SerializeToUtf8Bytes(await service(Read(input, request), call.Aborted), response);

    /// <summary>An operation whose answer is an empty object (Stop*, Delete*).</summary>
    private static async Task<byte[]> CallAsync<TRequest>(
        ReadOnlyMemory<byte> input,
        JsonTypeInfo<TRequest> request,
        Func<TRequest, CancellationToken, Task> service,
        ServiceCall call)
    {
        await service(Read(input, request), call.Aborted);
        return EmptyObject;
    }

    private static T Read<T>(ReadOnlyMemory<byte> input, JsonTypeInfo<T> shape) => JsonBodies.Read(input, shape);
}
