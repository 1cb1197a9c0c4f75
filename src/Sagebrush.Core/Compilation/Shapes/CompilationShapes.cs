using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Compilation.Shapes;

// CreateCompilationJob, DescribeCompilationJob, ListCompilationJobs, StopCompilationJob and DeleteCompilationJob as
// the botocore model names them (DeleteCompilationJob is newer than Debian's model).
public sealed record CreateCompilationJobRequest
{
    public string? CompilationJobName { get; init; }

    public string? RoleArn { get; init; }

    public string? ModelPackageVersionArn { get; init; }

    public NeoInputConfig? InputConfig { get; init; }

    public NeoOutputConfig? OutputConfig { get; init; }

    public NeoVpcConfig? VpcConfig { get; init; }

    public NeoStoppingCondition? StoppingCondition { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }
}

public sealed record CreateCompilationJobResponse(string CompilationJobArn);

public sealed record CompilationJobNameRequest(string? CompilationJobName = null);

public sealed record NeoInputConfig
{
    public string? S3Uri { get; init; }

    public string? DataInputConfig { get; init; }

    public string? Framework { get; init; }

    public string? FrameworkVersion { get; init; }
}

public sealed record NeoOutputConfig
{
    public string? S3OutputLocation { get; init; }

    public string? TargetDevice { get; init; }

    public NeoTargetPlatform? TargetPlatform { get; init; }

    public string? CompilerOptions { get; init; }

    public string? KmsKeyId { get; init; }
}

public sealed record NeoTargetPlatform(string? Os = null, string? Arch = null, string? Accelerator = null);

public sealed record NeoVpcConfig(IReadOnlyList<string>? SecurityGroupIds = null, IReadOnlyList<string>? Subnets = null);

public sealed record NeoStoppingCondition(int? MaxRuntimeInSeconds = null, int? MaxWaitTimeInSeconds = null, int? MaxPendingTimeInSeconds = null);

public sealed record NeoModelArtifacts(string S3ModelArtifacts);

public sealed record NeoModelDigests(string? ArtifactDigest = null);

public sealed record DescribeCompilationJobResponse
{
    public required string CompilationJobName { get; init; }

    public required string CompilationJobArn { get; init; }

    public required string CompilationJobStatus { get; init; }

    public DateTimeOffset? CompilationStartTime { get; init; }

    public DateTimeOffset? CompilationEndTime { get; init; }

    public required NeoStoppingCondition StoppingCondition { get; init; }

    public string? InferenceImage { get; init; }

    public string? ModelPackageVersionArn { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public required DateTimeOffset LastModifiedTime { get; init; }

    // Required in the model: AWS answers "" until the job fails, and an empty artifact location until it completes.
    public required string FailureReason { get; init; }

    public required NeoModelArtifacts ModelArtifacts { get; init; }

    public NeoModelDigests? ModelDigests { get; init; }

    public required string RoleArn { get; init; }

    public required NeoInputConfig InputConfig { get; init; }

    public required NeoOutputConfig OutputConfig { get; init; }

    public NeoVpcConfig? VpcConfig { get; init; }
}

public sealed record CompilationJobSummary
{
    public required string CompilationJobName { get; init; }

    public required string CompilationJobArn { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? CompilationStartTime { get; init; }

    public DateTimeOffset? CompilationEndTime { get; init; }

    public string? CompilationTargetDevice { get; init; }

    public string? CompilationTargetPlatformOs { get; init; }

    public string? CompilationTargetPlatformArch { get; init; }

    public string? CompilationTargetPlatformAccelerator { get; init; }

    public DateTimeOffset? LastModifiedTime { get; init; }

    public required string CompilationJobStatus { get; init; }
}

public sealed record ListCompilationJobsResponse(IReadOnlyList<CompilationJobSummary> CompilationJobSummaries, string? NextToken);
