using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Protocol.Json;

/// <summary>An operation of an AWS JSON 1.1 service: the request body in, the response body out.</summary>
public delegate Task<byte[]> JsonOperation(ReadOnlyMemory<byte> input, ServiceCall call);

/// <summary>
/// A service spoken over AWS JSON 1.1, found by the prefix of X-Amz-Target (<c>SageMaker</c>,
/// <c>Logs_20140328</c>, ...). Services register one <see cref="JsonOperation"/> per operation name.
/// </summary>
public interface IJsonService
{
    string TargetPrefix { get; }

    /// <summary>The service a request's credential scope must name (<c>sagemaker</c>, <c>logs</c>).</summary>
    string SigningName { get; }

    IReadOnlyDictionary<string, JsonOperation> Operations { get; }
}
