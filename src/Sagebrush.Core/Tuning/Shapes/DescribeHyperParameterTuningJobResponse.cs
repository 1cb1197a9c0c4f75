namespace Sagebrush.Core.Tuning.Shapes;

/// <summary>DescribeHyperParameterTuningJob's answer; the metadata store keeps it inside <see cref="StoredTuningJob"/>.</summary>
public sealed record DescribeHyperParameterTuningJobResponse
{
    public required string HyperParameterTuningJobName { get; init; }

    public required string HyperParameterTuningJobArn { get; init; }

    public required HyperParameterTuningJobConfig HyperParameterTuningJobConfig { get; init; }

    public HyperParameterTrainingJobDefinition? TrainingJobDefinition { get; init; }

    public IReadOnlyList<HyperParameterTrainingJobDefinition>? TrainingJobDefinitions { get; init; }

    public required string HyperParameterTuningJobStatus { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? HyperParameterTuningEndTime { get; init; }

    public DateTimeOffset? LastModifiedTime { get; init; }

    public required TrainingJobStatusCounters TrainingJobStatusCounters { get; init; }

    public required ObjectiveStatusCounters ObjectiveStatusCounters { get; init; }

    public HyperParameterTrainingJobSummary? BestTrainingJob { get; init; }

    public HyperParameterTrainingJobSummary? OverallBestTrainingJob { get; init; }

    public HyperParameterTuningJobWarmStartConfig? WarmStartConfig { get; init; }

    public string? FailureReason { get; init; }

    public HyperParameterTuningJobCompletionDetails? TuningJobCompletionDetails { get; init; }

    public HyperParameterTuningJobConsumedResources? ConsumedResources { get; init; }
}

public sealed record TrainingJobStatusCounters
{
    public int Completed { get; init; }

    public int InProgress { get; init; }

    public int RetryableError { get; init; }

    public int NonRetryableError { get; init; }

    public int Stopped { get; init; }
}

public sealed record ObjectiveStatusCounters
{
    public int Succeeded { get; init; }

    public int Pending { get; init; }

    public int Failed { get; init; }
}

public sealed record HyperParameterTuningJobCompletionDetails
{
    public int? NumberOfTrainingJobsObjectiveNotImproving { get; init; }

    public DateTimeOffset? ConvergenceDetectedTime { get; init; }
}

public sealed record HyperParameterTuningJobConsumedResources
{
    public int? RuntimeInSeconds { get; init; }
}

/// <summary>One training job as the tuning job sees it (BestTrainingJob, ListTrainingJobsForHyperParameterTuningJob).</summary>
public sealed record HyperParameterTrainingJobSummary
{
    public string? TrainingJobDefinitionName { get; init; }

    public required string TrainingJobName { get; init; }

    public required string TrainingJobArn { get; init; }

    public string? TuningJobName { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? TrainingStartTime { get; init; }

    public DateTimeOffset? TrainingEndTime { get; init; }

    public required string TrainingJobStatus { get; init; }

    public required IReadOnlyDictionary<string, string> TunedHyperParameters { get; init; }

    public string? FailureReason { get; init; }

    public FinalHyperParameterTuningJobObjectiveMetric? FinalHyperParameterTuningJobObjectiveMetric { get; init; }

    public string? ObjectiveStatus { get; init; }
}

public sealed record FinalHyperParameterTuningJobObjectiveMetric
{
    public string? Type { get; init; }

    public required string MetricName { get; init; }

    public required float Value { get; init; }
}
