namespace Sagebrush.Core.Compute;

/// <summary>
/// Everything the compute layer needs to run one training job, already validated by the training service.
/// Values keep the API's own spellings (S3DataType "S3Prefix", CompressionType "Gzip", ...).
/// </summary>
public sealed record TrainingRun(
    string JobName,
    string JobArn,
    ResolvedImage Image,
    IReadOnlyDictionary<string, string> HyperParameters,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<TrainingChannel> Channels,
    string InstanceType,
    int InstanceCount,
    int CpuCount,
    bool EnableNetworkIsolation,
    TimeSpan MaxRuntime,
    string S3OutputPath,
    CheckpointLocation? Checkpoint)
{
    /// <summary>What each host may use: the instance type's vCPUs and memory, and VolumeSizeInGB.</summary>
    public Sandbox.HostResources Resources { get; init; } = Sandbox.HostResources.Unlimited;

    /// <summary>AlgorithmSpecification's ContainerEntrypoint: replaces a user image's own entry point, or null.</summary>
    public IReadOnlyList<string>? ContainerEntrypoint { get; init; }

    /// <summary>AlgorithmSpecification's ContainerArguments: the container's arguments instead of <c>train</c>, or null.</summary>
    public IReadOnlyList<string>? ContainerArguments { get; init; }
}

/// <summary>One InputDataConfig channel.</summary>
public sealed record TrainingChannel(
    string ChannelName,
    string S3DataType,
    string S3Uri,
    string S3DataDistributionType,
    string? ContentType,
    string CompressionType,
    string InputMode);

/// <summary>CheckpointConfig: synced to S3Uri while the job runs and restored into LocalPath when it starts.</summary>
public sealed record CheckpointLocation(string S3Uri, string LocalPath = "/opt/ml/checkpoints");
