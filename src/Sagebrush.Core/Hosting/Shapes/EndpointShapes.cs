using System.Text.Json;
using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Hosting.Shapes;

// CreateEndpoint, DescribeEndpoint, ListEndpoints, UpdateEndpoint, UpdateEndpointWeightsAndCapacities, DeleteEndpoint.

public sealed record CreateEndpointInput
{
    public string? EndpointName { get; init; }

    public string? EndpointConfigName { get; init; }

    public JsonElement? DeploymentConfig { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }
}

public sealed record EndpointArnOutput(string EndpointArn);

public sealed record EndpointNameInput(string? EndpointName);

public sealed record DeployedImage
{
    public string? SpecifiedImage { get; init; }

    public string? ResolvedImage { get; init; }

    public DateTimeOffset? ResolutionTime { get; init; }
}

public sealed record ProductionVariantStatus
{
    public required string Status { get; init; }

    public string? StatusMessage { get; init; }

    public DateTimeOffset? StartTime { get; init; }
}

public sealed record ProductionVariantSummary
{
    public required string VariantName { get; init; }

    public IReadOnlyList<DeployedImage>? DeployedImages { get; init; }

    public float? CurrentWeight { get; init; }

    public float? DesiredWeight { get; init; }

    public int? CurrentInstanceCount { get; init; }

    public int? DesiredInstanceCount { get; init; }

    public IReadOnlyList<ProductionVariantStatus>? VariantStatus { get; init; }
}

public sealed record PendingProductionVariantSummary
{
    public required string VariantName { get; init; }

    public IReadOnlyList<DeployedImage>? DeployedImages { get; init; }

    public float? CurrentWeight { get; init; }

    public float? DesiredWeight { get; init; }

    public int? CurrentInstanceCount { get; init; }

    public int? DesiredInstanceCount { get; init; }

    public string? InstanceType { get; init; }

    public IReadOnlyList<ProductionVariantStatus>? VariantStatus { get; init; }
}

public sealed record PendingDeploymentSummary
{
    public required string EndpointConfigName { get; init; }

    public IReadOnlyList<PendingProductionVariantSummary>? ProductionVariants { get; init; }

    public DateTimeOffset? StartTime { get; init; }
}

public sealed record DataCaptureConfigSummary
{
    public required bool EnableCapture { get; init; }

    public required string CaptureStatus { get; init; }

    public required int CurrentSamplingPercentage { get; init; }

    public required string DestinationS3Uri { get; init; }

    public string? KmsKeyId { get; init; }
}

/// <summary>DescribeEndpoint's answer, as kept inside <see cref="StoredEndpoint"/>.</summary>
public sealed record DescribeEndpointOutput
{
    public required string EndpointName { get; init; }

    public required string EndpointArn { get; init; }

    public required string EndpointConfigName { get; init; }

    public IReadOnlyList<ProductionVariantSummary>? ProductionVariants { get; init; }

    public DataCaptureConfigSummary? DataCaptureConfig { get; init; }

    public required string EndpointStatus { get; init; }

    public string? FailureReason { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public required DateTimeOffset LastModifiedTime { get; init; }

    public PendingDeploymentSummary? PendingDeploymentSummary { get; init; }
}

public sealed record ListEndpointsInput : IListRequest
{
    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }

    public string? NameContains { get; init; }

    public DateTimeOffset? CreationTimeBefore { get; init; }

    public DateTimeOffset? CreationTimeAfter { get; init; }

    public DateTimeOffset? LastModifiedTimeBefore { get; init; }

    public DateTimeOffset? LastModifiedTimeAfter { get; init; }

    public string? StatusEquals { get; init; }
}

public sealed record EndpointSummary(string EndpointName, string EndpointArn, DateTimeOffset CreationTime, DateTimeOffset LastModifiedTime, string EndpointStatus);

public sealed record ListEndpointsOutput(IReadOnlyList<EndpointSummary> Endpoints, string? NextToken);

public sealed record VariantProperty
{
    public string? VariantPropertyType { get; init; }
}

public sealed record UpdateEndpointInput
{
    public string? EndpointName { get; init; }

    public string? EndpointConfigName { get; init; }

    public bool? RetainAllVariantProperties { get; init; }

    public IReadOnlyList<VariantProperty>? ExcludeRetainedVariantProperties { get; init; }

    public JsonElement? DeploymentConfig { get; init; }

    public bool? RetainDeploymentConfig { get; init; }
}

public sealed record DesiredWeightAndCapacity
{
    public string? VariantName { get; init; }

    public float? DesiredWeight { get; init; }

    public int? DesiredInstanceCount { get; init; }
}

public sealed record UpdateEndpointWeightsAndCapacitiesInput
{
    public string? EndpointName { get; init; }

    public IReadOnlyList<DesiredWeightAndCapacity>? DesiredWeightsAndCapacities { get; init; }
}
