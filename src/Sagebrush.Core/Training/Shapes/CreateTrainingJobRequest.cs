using System.Text.Json;
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

    // Accepted and echoed by DescribeTrainingJob as sent (the SageMaker SDK sends them); Sagebrush runs no profiler,
    // debugger rules, experiments or TensorBoard output yet.
    public JsonElement? ProfilerConfig { get; init; }

    public JsonElement? ProfilerRuleConfigurations { get; init; }

    public JsonElement? DebugHookConfig { get; init; }

    public JsonElement? DebugRuleConfigurations { get; init; }

    public JsonElement? ExperimentConfig { get; init; }

    public JsonElement? TensorBoardOutputConfig { get; init; }

    public JsonElement? RetryStrategy { get; init; }
}

public sealed record CreateTrainingJobResponse(string TrainingJobArn);

public sealed record DescribeTrainingJobRequest(string? TrainingJobName);

public sealed record StopTrainingJobRequest(string? TrainingJobName);
