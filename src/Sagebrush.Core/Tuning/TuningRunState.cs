using Sagebrush.Core.Tuning.Search;
using Sagebrush.Core.Tuning.Shapes;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// What the orchestrator holds in memory for one running tuning job: its plan, one strategy (and early-stopping rule)
/// per definition, the warm-start parents' trials, and the training jobs that have ended (read once, then kept).
/// </summary>
internal sealed class TuningRunState(TuningPlan plan, IReadOnlyList<ISearchStrategy> strategies, IReadOnlyList<IEarlyStoppingRule?> rules)
{
    public TuningPlan Plan { get; } = plan;

    public IReadOnlyList<ISearchStrategy> Strategies { get; } = strategies;

    /// <summary>Null for a definition without early stopping (TrainingJobEarlyStoppingType Off).</summary>
    public IReadOnlyList<IEarlyStoppingRule?> Rules { get; } = rules;

    /// <summary>Per definition: the parents' training jobs with a value, as Completed trials.</summary>
    public List<Trial>[] WarmTrials { get; } = [.. plan.Definitions.Select(_ => new List<Trial>())];

    /// <summary>Each parent's overall best (its own best, or its parents' if better), for OverallBestTrainingJob.</summary>
    public List<HyperParameterTrainingJobSummary> ParentBests { get; } = [];

    /// <summary>Training jobs this run asked to stop (early stopping, Hyperband, or the end of the tuning job).</summary>
    public HashSet<string> StopRequested { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, ChildView> Ended { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Once set, no training job is launched; the tuning job takes this status when its last one has ended.</summary>
    public TuningEnding? Ending { get; set; }

    public DateTimeOffset? ConvergenceDetectedTime { get; set; }
}

internal sealed record ChildView(TuningChild Entry, HyperParameterTrainingJobSummary Summary, Trial Trial)
{
    public bool Running => Trial.State == TrialState.Running;
}

internal sealed record TuningEnding(string Status, string? FailureReason);
