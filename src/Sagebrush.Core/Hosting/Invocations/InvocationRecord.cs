namespace Sagebrush.Core.Hosting.Invocations;

/// <summary>
/// One InvokeEndpoint call as the router saw it, handed to the sinks (metrics, data capture) after the response
/// was decided. <see cref="StatusCode"/> is the status the caller got (200, 4xx, 5xx; 424 for a ModelError);
/// <see cref="ContainerStatusCode"/> what the instance answered (null when it was never reached).
/// ModelLatency is the time the instance took; OverheadLatency the rest of the call, as SageMaker defines them.
/// <see cref="VariantInstanceCount"/> is the variant's CurrentInstanceCount at the time (for InvocationsPerInstance).
/// </summary>
public sealed record InvocationRecord(
    string EndpointName,
    string VariantName,
    string InstanceId,
    int VariantInstanceCount,
    DateTimeOffset Time,
    string EventId,
    string? InferenceId,
    string? ContentType,
    string? Accept,
    ReadOnlyMemory<byte> Input,
    ReadOnlyMemory<byte> Output,
    string? OutputContentType,
    int StatusCode,
    int? ContainerStatusCode,
    TimeSpan ModelLatency,
    TimeSpan OverheadLatency);
