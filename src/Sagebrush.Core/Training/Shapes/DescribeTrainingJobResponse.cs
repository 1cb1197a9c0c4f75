using System.Text.Json;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Training.Shapes;

/// <summary>DescribeTrainingJob's answer, and the document the metadata store keeps for a training job.</summary>
public sealed record DescribeTrainingJobResponse
{
    public required string TrainingJobName { get; init; }

    public required string TrainingJobArn { get; init; }

    public string? TuningJobArn { get; init; }

    /// <summary>Absent until the executor has uploaded model.tar.gz.</summary>
    public ModelArtifacts? ModelArtifacts { get; init; }

    public required string TrainingJobStatus { get; init; }

    public required string SecondaryStatus { get; init; }

    public string? FailureReason { get; init; }

    public IReadOnlyDictionary<string, string>? HyperParameters { get; init; }

    public required AlgorithmSpecification AlgorithmSpecification { get; init; }

    public string? RoleArn { get; init; }

    public IReadOnlyList<Channel>? InputDataConfig { get; init; }

    public OutputDataConfig? OutputDataConfig { get; init; }

    public required ResourceConfig ResourceConfig { get; init; }

    public VpcConfig? VpcConfig { get; init; }

    public required StoppingCondition StoppingCondition { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? TrainingStartTime { get; init; }

    public DateTimeOffset? TrainingEndTime { get; init; }

    public DateTimeOffset? LastModifiedTime { get; init; }

    public IReadOnlyList<SecondaryStatusTransition>? SecondaryStatusTransitions { get; init; }

    public IReadOnlyList<MetricData>? FinalMetricDataList { get; init; }

    public bool? EnableNetworkIsolation { get; init; }

    public bool? EnableInterContainerTrafficEncryption { get; init; }

    public bool? EnableManagedSpotTraining { get; init; }

    public CheckpointConfig? CheckpointConfig { get; init; }

    public int? TrainingTimeInSeconds { get; init; }

    public int? BillableTimeInSeconds { get; init; }

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
