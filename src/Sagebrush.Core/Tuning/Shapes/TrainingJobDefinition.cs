using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Tuning.Shapes;

/// <summary>
/// HyperParameterTrainingJobDefinition: the template of every training job the tuning job launches. The structures it
/// shares with CreateTrainingJob are the training shapes.
/// </summary>
public sealed record HyperParameterTrainingJobDefinition
{
    public string? DefinitionName { get; init; }

    public HyperParameterTuningJobObjective? TuningObjective { get; init; }

    public ParameterRanges? HyperParameterRanges { get; init; }

    public IReadOnlyDictionary<string, string>? StaticHyperParameters { get; init; }

    public HyperParameterAlgorithmSpecification? AlgorithmSpecification { get; init; }

    public string? RoleArn { get; init; }

    public IReadOnlyList<Channel>? InputDataConfig { get; init; }

    public VpcConfig? VpcConfig { get; init; }

    public OutputDataConfig? OutputDataConfig { get; init; }

    public ResourceConfig? ResourceConfig { get; init; }

    public StoppingCondition? StoppingCondition { get; init; }

    public bool? EnableNetworkIsolation { get; init; }

    public bool? EnableInterContainerTrafficEncryption { get; init; }

    public bool? EnableManagedSpotTraining { get; init; }

    public CheckpointConfig? CheckpointConfig { get; init; }

    public RetryStrategy? RetryStrategy { get; init; }

    public HyperParameterTuningResourceConfig? HyperParameterTuningResourceConfig { get; init; }

    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}

public sealed record HyperParameterAlgorithmSpecification
{
    public string? TrainingImage { get; init; }

    public string? TrainingInputMode { get; init; }

    public string? AlgorithmName { get; init; }

    public IReadOnlyList<MetricDefinition>? MetricDefinitions { get; init; }
}

public sealed record RetryStrategy
{
    public int? MaximumRetryAttempts { get; init; }
}

/// <summary>
/// What the SageMaker SDK sends instead of ResourceConfig for a tuning job's definition (instance type flexibility):
/// either one type, count and volume, or InstanceConfigs of which Sagebrush uses the first (AllocationStrategy
/// Prioritized: the first is the preferred one).
/// </summary>
public sealed record HyperParameterTuningResourceConfig
{
    public string? InstanceType { get; init; }

    public int? InstanceCount { get; init; }

    public int? VolumeSizeInGB { get; init; }

    public string? VolumeKmsKeyId { get; init; }

    public string? AllocationStrategy { get; init; }

    public IReadOnlyList<HyperParameterTuningInstanceConfig>? InstanceConfigs { get; init; }
}

public sealed record HyperParameterTuningInstanceConfig
{
    public string? InstanceType { get; init; }

    public int? InstanceCount { get; init; }

    public int? VolumeSizeInGB { get; init; }
}
