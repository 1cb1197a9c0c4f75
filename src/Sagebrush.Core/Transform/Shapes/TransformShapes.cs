using System.Text.Json;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Transform.Shapes;

public sealed record CreateTransformJobRequest
{
    public string? TransformJobName { get; init; }

    public string? ModelName { get; init; }

    public int? MaxConcurrentTransforms { get; init; }

    public ModelClientConfig? ModelClientConfig { get; init; }

    public int? MaxPayloadInMB { get; init; }

    public string? BatchStrategy { get; init; }

    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public TransformInput? TransformInput { get; init; }

    public TransformOutput? TransformOutput { get; init; }

    public BatchDataCaptureConfig? DataCaptureConfig { get; init; }

    public TransformResources? TransformResources { get; init; }

    public DataProcessing? DataProcessing { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }

    public JsonElement? ExperimentConfig { get; init; }
}

public sealed record CreateTransformJobResponse(string TransformJobArn);

public sealed record DescribeTransformJobRequest(string? TransformJobName);

public sealed record StopTransformJobRequest(string? TransformJobName);

/// <summary>DescribeTransformJob's answer, and the stored document.</summary>
public sealed record DescribeTransformJobResponse
{
    public required string TransformJobName { get; init; }

    public required string TransformJobArn { get; init; }

    public required string TransformJobStatus { get; init; }

    public string? FailureReason { get; init; }

    public required string ModelName { get; init; }

    public int? MaxConcurrentTransforms { get; init; }

    public ModelClientConfig? ModelClientConfig { get; init; }

    public int? MaxPayloadInMB { get; init; }

    public string? BatchStrategy { get; init; }

    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public required TransformInput TransformInput { get; init; }

    public TransformOutput? TransformOutput { get; init; }

    public BatchDataCaptureConfig? DataCaptureConfig { get; init; }

    public required TransformResources TransformResources { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? TransformStartTime { get; init; }

    public DateTimeOffset? TransformEndTime { get; init; }

    public DataProcessing? DataProcessing { get; init; }

    public JsonElement? ExperimentConfig { get; init; }

    /// <summary>Not an AWS member: kept for ListTransformJobs' LastModifiedTime.</summary>
    public DateTimeOffset? LastModifiedTime { get; init; }

    /// <summary>Not an AWS member (SDKs ignore members they do not know): how far the job has got.</summary>
    public TransformProgress? SagebrushProgress { get; init; }
}

/// <summary>Where a running transform is: input files and records done, of how many files.</summary>
public sealed record TransformProgress
{
    public int FilesTotal { get; init; }

    public int FilesDone { get; init; }

    public long RecordsDone { get; init; }
}

public sealed record TransformInput
{
    public TransformDataSource? DataSource { get; init; }

    public string? ContentType { get; init; }

    public string? CompressionType { get; init; }

    public string? SplitType { get; init; }
}

public sealed record TransformDataSource
{
    public TransformS3DataSource? S3DataSource { get; init; }
}

public sealed record TransformS3DataSource
{
    public string? S3DataType { get; init; }

    public string? S3Uri { get; init; }
}

public sealed record TransformOutput
{
    public string? S3OutputPath { get; init; }

    public string? Accept { get; init; }

    public string? AssembleWith { get; init; }

    public string? KmsKeyId { get; init; }
}

public sealed record TransformResources
{
    public string? InstanceType { get; init; }

    public int? InstanceCount { get; init; }

    public string? VolumeKmsKeyId { get; init; }
}

public sealed record DataProcessing
{
    public string? InputFilter { get; init; }

    public string? OutputFilter { get; init; }

    public string? JoinSource { get; init; }
}

public sealed record ModelClientConfig
{
    public int? InvocationsTimeoutInSeconds { get; init; }

    public int? InvocationsMaxRetries { get; init; }
}

public sealed record BatchDataCaptureConfig
{
    public string? DestinationS3Uri { get; init; }

    public string? KmsKeyId { get; init; }

    public bool? GenerateInferenceId { get; init; }
}

public sealed record ListTransformJobsResponse(IReadOnlyList<TransformJobSummary> TransformJobSummaries, string? NextToken);

public sealed record TransformJobSummary
{
    public required string TransformJobName { get; init; }

    public required string TransformJobArn { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? TransformEndTime { get; init; }

    public DateTimeOffset? LastModifiedTime { get; init; }

    public required string TransformJobStatus { get; init; }

    public string? FailureReason { get; init; }
}
