namespace Sagebrush.Core.Training.Shapes;

// The structures CreateTrainingJob and DescribeTrainingJob share, named and spelled as in the botocore model
// (sagemaker/2017-07-24). Members Sagebrush does not model are ignored on input, as AWS ignores unknown members.

public sealed record AlgorithmSpecification
{
    public string? TrainingImage { get; init; }

    public string? AlgorithmName { get; init; }

    public string? TrainingInputMode { get; init; }

    public IReadOnlyList<MetricDefinition>? MetricDefinitions { get; init; }

    public bool? EnableSageMakerMetricsTimeSeries { get; init; }

    public IReadOnlyList<string>? ContainerEntrypoint { get; init; }

    public IReadOnlyList<string>? ContainerArguments { get; init; }
}

public sealed record MetricDefinition
{
    public string? Name { get; init; }

    public string? Regex { get; init; }
}

public sealed record Channel
{
    public string? ChannelName { get; init; }

    public DataSource? DataSource { get; init; }

    public string? ContentType { get; init; }

    public string? CompressionType { get; init; }

    public string? RecordWrapperType { get; init; }

    public string? InputMode { get; init; }
}

public sealed record DataSource
{
    public S3DataSource? S3DataSource { get; init; }
}

public sealed record S3DataSource
{
    public string? S3DataType { get; init; }

    public string? S3Uri { get; init; }

    public string? S3DataDistributionType { get; init; }
}

public sealed record OutputDataConfig
{
    public string? S3OutputPath { get; init; }

    public string? KmsKeyId { get; init; }
}

public sealed record ResourceConfig
{
    public string? InstanceType { get; init; }

    public int? InstanceCount { get; init; }

    public int? VolumeSizeInGB { get; init; }

    public string? VolumeKmsKeyId { get; init; }

    public int? KeepAlivePeriodInSeconds { get; init; }
}

public sealed record StoppingCondition
{
    public int? MaxRuntimeInSeconds { get; init; }

    public int? MaxWaitTimeInSeconds { get; init; }
}

public sealed record CheckpointConfig
{
    public string? S3Uri { get; init; }

    public string? LocalPath { get; init; }
}

public sealed record SecondaryStatusTransition
{
    public required string Status { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    public string? StatusMessage { get; init; }
}

public sealed record MetricData
{
    public required string MetricName { get; init; }

    public required double Value { get; init; }

    public required DateTimeOffset Timestamp { get; init; }
}

public sealed record ModelArtifacts
{
    public required string S3ModelArtifacts { get; init; }
}
