using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Tuning.Shapes;

public sealed record CreateHyperParameterTuningJobRequest
{
    public string? HyperParameterTuningJobName { get; init; }

    public HyperParameterTuningJobConfig? HyperParameterTuningJobConfig { get; init; }

    public HyperParameterTrainingJobDefinition? TrainingJobDefinition { get; init; }

    public IReadOnlyList<HyperParameterTrainingJobDefinition>? TrainingJobDefinitions { get; init; }

    public HyperParameterTuningJobWarmStartConfig? WarmStartConfig { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }
}

public sealed record CreateHyperParameterTuningJobResponse(string HyperParameterTuningJobArn);

public sealed record HyperParameterTuningJobWarmStartConfig
{
    public IReadOnlyList<ParentHyperParameterTuningJob>? ParentHyperParameterTuningJobs { get; init; }

    public string? WarmStartType { get; init; }
}

public sealed record ParentHyperParameterTuningJob
{
    public string? HyperParameterTuningJobName { get; init; }
}

/// <summary>The request of Describe, Stop and Delete: just the name.</summary>
public sealed record HyperParameterTuningJobNameRequest(string? HyperParameterTuningJobName);
