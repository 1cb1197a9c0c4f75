using System.Text.Json;
using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Hosting.Shapes;

// CreateEndpointConfig, DescribeEndpointConfig, ListEndpointConfigs and DeleteEndpointConfig.

public sealed record ProductionVariant
{
    public string? VariantName { get; init; }

    public string? ModelName { get; init; }

    public int? InitialInstanceCount { get; init; }

    public string? InstanceType { get; init; }

    public float? InitialVariantWeight { get; init; }

    public string? AcceleratorType { get; init; }

    public JsonElement? ServerlessConfig { get; init; }

    public int? VolumeSizeInGB { get; init; }

    public int? ModelDataDownloadTimeoutInSeconds { get; init; }

    public int? ContainerStartupHealthCheckTimeoutInSeconds { get; init; }
}

public sealed record CaptureOption
{
    public string? CaptureMode { get; init; }
}

public sealed record CaptureContentTypeHeader
{
    public IReadOnlyList<string>? CsvContentTypes { get; init; }

    public IReadOnlyList<string>? JsonContentTypes { get; init; }
}

public sealed record DataCaptureConfig
{
    public bool? EnableCapture { get; init; }

    public int? InitialSamplingPercentage { get; init; }

    public string? DestinationS3Uri { get; init; }

    public string? KmsKeyId { get; init; }

    public IReadOnlyList<CaptureOption>? CaptureOptions { get; init; }

    public CaptureContentTypeHeader? CaptureContentTypeHeader { get; init; }
}

public sealed record CreateEndpointConfigInput
{
    public string? EndpointConfigName { get; init; }

    public IReadOnlyList<ProductionVariant>? ProductionVariants { get; init; }

    public DataCaptureConfig? DataCaptureConfig { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }

    public string? KmsKeyId { get; init; }

    public JsonElement? AsyncInferenceConfig { get; init; }

    public JsonElement? ExplainerConfig { get; init; }

    public IReadOnlyList<ProductionVariant>? ShadowProductionVariants { get; init; }
}

public sealed record CreateEndpointConfigOutput(string EndpointConfigArn);

public sealed record EndpointConfigNameInput(string? EndpointConfigName);

/// <summary>DescribeEndpointConfig's answer, and the document the metadata store keeps for an endpoint configuration.</summary>
public sealed record DescribeEndpointConfigOutput
{
    public required string EndpointConfigName { get; init; }

    public required string EndpointConfigArn { get; init; }

    public required IReadOnlyList<ProductionVariant> ProductionVariants { get; init; }

    public DataCaptureConfig? DataCaptureConfig { get; init; }

    public string? KmsKeyId { get; init; }

    public required DateTimeOffset CreationTime { get; init; }
}

public sealed record ListEndpointConfigsInput : IListRequest
{
    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }

    public string? NameContains { get; init; }

    public DateTimeOffset? CreationTimeBefore { get; init; }

    public DateTimeOffset? CreationTimeAfter { get; init; }
}

public sealed record EndpointConfigSummary(string EndpointConfigName, string EndpointConfigArn, DateTimeOffset CreationTime);

public sealed record ListEndpointConfigsOutput(IReadOnlyList<EndpointConfigSummary> EndpointConfigs, string? NextToken);
