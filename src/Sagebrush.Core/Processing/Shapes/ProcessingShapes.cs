using System.Text.Json;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Processing.Shapes;

public sealed record CreateProcessingJobRequest
{
    public IReadOnlyList<ProcessingInput>? ProcessingInputs { get; init; }

    public ProcessingOutputConfig? ProcessingOutputConfig { get; init; }

    public string? ProcessingJobName { get; init; }

    public ProcessingResources? ProcessingResources { get; init; }

    public ProcessingStoppingCondition? StoppingCondition { get; init; }

    public AppSpecification? AppSpecification { get; init; }

    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public NetworkConfig? NetworkConfig { get; init; }

    public string? RoleArn { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }

    // Accepted and echoed (the SageMaker SDK sends it); Sagebrush has no experiments yet.
    public JsonElement? ExperimentConfig { get; init; }
}

public sealed record CreateProcessingJobResponse(string ProcessingJobArn);

public sealed record DescribeProcessingJobRequest(string? ProcessingJobName);

public sealed record StopProcessingJobRequest(string? ProcessingJobName);

/// <summary>DescribeProcessingJob's answer, and the stored document.</summary>
public sealed record DescribeProcessingJobResponse
{
    public IReadOnlyList<ProcessingInput>? ProcessingInputs { get; init; }

    public ProcessingOutputConfig? ProcessingOutputConfig { get; init; }

    public required string ProcessingJobName { get; init; }

    public required ProcessingResources ProcessingResources { get; init; }

    public ProcessingStoppingCondition? StoppingCondition { get; init; }

    public required AppSpecification AppSpecification { get; init; }

    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public NetworkConfig? NetworkConfig { get; init; }

    public string? RoleArn { get; init; }

    public JsonElement? ExperimentConfig { get; init; }

    public required string ProcessingJobArn { get; init; }

    public required string ProcessingJobStatus { get; init; }

    public string? ExitMessage { get; init; }

    public string? FailureReason { get; init; }

    public DateTimeOffset? ProcessingEndTime { get; init; }

    public DateTimeOffset? ProcessingStartTime { get; init; }

    public DateTimeOffset? LastModifiedTime { get; init; }

    public required DateTimeOffset CreationTime { get; init; }
}

public sealed record ProcessingInput
{
    public string? InputName { get; init; }

    public bool? AppManaged { get; init; }

    public ProcessingS3Input? S3Input { get; init; }

    /// <summary>Athena and Redshift queries: refused, Sagebrush has neither.</summary>
    public JsonElement? DatasetDefinition { get; init; }
}

public sealed record ProcessingS3Input
{
    public string? S3Uri { get; init; }

    public string? LocalPath { get; init; }

    public string? S3DataType { get; init; }

    public string? S3InputMode { get; init; }

    public string? S3DataDistributionType { get; init; }

    public string? S3CompressionType { get; init; }
}

public sealed record ProcessingOutputConfig
{
    public IReadOnlyList<ProcessingOutput>? Outputs { get; init; }

    public string? KmsKeyId { get; init; }
}

public sealed record ProcessingOutput
{
    public string? OutputName { get; init; }

    public ProcessingS3Output? S3Output { get; init; }

    /// <summary>Feature Store: refused, Sagebrush has none.</summary>
    public JsonElement? FeatureStoreOutput { get; init; }

    public bool? AppManaged { get; init; }
}

public sealed record ProcessingS3Output
{
    public string? S3Uri { get; init; }

    public string? LocalPath { get; init; }

    public string? S3UploadMode { get; init; }
}

public sealed record ProcessingResources
{
    public ProcessingClusterConfig? ClusterConfig { get; init; }
}

public sealed record ProcessingClusterConfig
{
    public int? InstanceCount { get; init; }

    public string? InstanceType { get; init; }

    public int? VolumeSizeInGB { get; init; }

    public string? VolumeKmsKeyId { get; init; }
}

public sealed record ProcessingStoppingCondition
{
    public int? MaxRuntimeInSeconds { get; init; }
}

public sealed record AppSpecification
{
    public string? ImageUri { get; init; }

    public IReadOnlyList<string>? ContainerEntrypoint { get; init; }

    public IReadOnlyList<string>? ContainerArguments { get; init; }
}

public sealed record NetworkConfig
{
    public bool? EnableInterContainerTrafficEncryption { get; init; }

    public bool? EnableNetworkIsolation { get; init; }

    public VpcConfig? VpcConfig { get; init; }
}

public sealed record ListProcessingJobsResponse(IReadOnlyList<ProcessingJobSummary> ProcessingJobSummaries, string? NextToken);

public sealed record ProcessingJobSummary
{
    public required string ProcessingJobName { get; init; }

    public required string ProcessingJobArn { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? ProcessingEndTime { get; init; }

    public DateTimeOffset? LastModifiedTime { get; init; }

    public required string ProcessingJobStatus { get; init; }

    public string? FailureReason { get; init; }

    public string? ExitMessage { get; init; }
}
