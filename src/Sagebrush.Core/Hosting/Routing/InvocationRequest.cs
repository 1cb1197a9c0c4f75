namespace Sagebrush.Core.Hosting.Routing;

/// <summary>One InvokeEndpoint call as the runtime API parsed it. <see cref="Started"/> is a <see cref="TimeProvider"/> timestamp of its arrival.</summary>
public sealed record InvocationRequest(
    string EndpointName,
    ReadOnlyMemory<byte> Body,
    string? ContentType,
    string? Accept,
    string? CustomAttributes,
    string? TargetVariant,
    string? InferenceId,
    long Started);

/// <summary>What the container answered (2xx), and which variant answered.</summary>
public sealed record InvocationResponse(byte[] Body, string? ContentType, string? CustomAttributes, string InvokedProductionVariant);
