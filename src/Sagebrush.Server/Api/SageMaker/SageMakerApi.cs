using Sagebrush.Server.Protocol.Json;

namespace Sagebrush.Server.Api.SageMaker;

/// <summary>
/// The SageMaker control plane (AWS JSON 1.1, target prefix <c>SageMaker</c>). Mapping only: each operation
/// parses its request shape and calls a domain service in Sagebrush.Core.
/// Not supported yet: every operation; the resource families arrive one issue at a time (training jobs first).
/// </summary>
public sealed class SageMakerApi : IJsonService
{
    public string TargetPrefix => "SageMaker";

    public IReadOnlyDictionary<string, JsonOperation> Operations { get; } = new Dictionary<string, JsonOperation>(StringComparer.Ordinal);
}
