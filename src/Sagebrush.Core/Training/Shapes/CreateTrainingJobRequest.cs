using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Training.Shapes;

public sealed record CreateTrainingJobRequest
{
    public string? TrainingJobName { get; init; }

    public IReadOnlyDictionary<string, string>? HyperParameters { get; init; }

    public AlgorithmSpecification? AlgorithmSpecification { get; init; }

    public string? RoleArn { get; init; }

    public IReadOnlyList<Channel>? InputDataConfig { get; init; }

    public OutputDataConfig? OutputDataConfig { get; init; }

    public ResourceConfig? ResourceConfig { get; init; }

    public VpcConfig? VpcConfig { get; init; }

    public StoppingCondition? StoppingCondition { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }

    public bool? EnableNetworkIsolation { get; init; }

    public bool? EnableInterContainerTrafficEncryption { get; init; }

    public bool? EnableManagedSpotTraining { get; init; }

    public CheckpointConfig? CheckpointConfig { get; init; }

    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}

public sealed record CreateTrainingJobResponse(string TrainingJobArn);

public sealed record DescribeTrainingJobRequest(string? TrainingJobName);

public sealed record StopTrainingJobRequest(string? TrainingJobName);
