namespace Sagebrush.Core.Tuning.Shapes;

// HyperParameterTuningJobConfig and the structures inside it, named and spelled as in the botocore model
// (sagemaker/2017-07-24, with the members AWS added since: ResourceLimits.MaxRuntimeInSeconds,
// TuningJobCompletionCriteria.BestObjectiveNotImproving and ConvergenceDetected).

public sealed record HyperParameterTuningJobConfig
{
    public string? Strategy { get; init; }

    public HyperParameterTuningJobStrategyConfig? StrategyConfig { get; init; }

    public HyperParameterTuningJobObjective? HyperParameterTuningJobObjective { get; init; }

    public ResourceLimits? ResourceLimits { get; init; }

    public ParameterRanges? ParameterRanges { get; init; }

    public string? TrainingJobEarlyStoppingType { get; init; }

    public TuningJobCompletionCriteria? TuningJobCompletionCriteria { get; init; }

    public int? RandomSeed { get; init; }
}

public sealed record HyperParameterTuningJobStrategyConfig
{
    public HyperbandStrategyConfig? HyperbandStrategyConfig { get; init; }
}

public sealed record HyperbandStrategyConfig
{
    public int? MinResource { get; init; }

    public int? MaxResource { get; init; }
}

public sealed record HyperParameterTuningJobObjective
{
    public string? Type { get; init; }

    public string? MetricName { get; init; }
}

public sealed record ResourceLimits
{
    public int? MaxNumberOfTrainingJobs { get; init; }

    public int? MaxParallelTrainingJobs { get; init; }

    public int? MaxRuntimeInSeconds { get; init; }
}

public sealed record TuningJobCompletionCriteria
{
    public float? TargetObjectiveMetricValue { get; init; }

    public BestObjectiveNotImproving? BestObjectiveNotImproving { get; init; }

    public ConvergenceDetected? ConvergenceDetected { get; init; }
}

public sealed record BestObjectiveNotImproving
{
    public int? MaxNumberOfTrainingJobsNotImproving { get; init; }
}

public sealed record ConvergenceDetected
{
    public string? CompleteOnConvergence { get; init; }
}
