namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// One tuning Strategy (Random, Grid, Bayesian, Hyperband): pure, seeded and deterministic. The same settings and
/// the same history give the same proposals, so a RandomSeed reproduces a search. Not thread-safe: the tuning job's
/// orchestrator calls it from one place.
/// </summary>
public interface ISearchStrategy
{
    /// <summary>
    /// Up to <paramref name="count"/> new hyperparameter sets (tuned parameters only, values formatted as SageMaker
    /// passes them), given every trial so far (running ones included, so a batch does not repeat pending points).
    /// Fewer than asked, or none, when the space is exhausted (Grid) or the strategy must wait for results
    /// (Hyperband between rungs).
    /// </summary>
    IReadOnlyList<IReadOnlyDictionary<string, string>> Propose(int count, IReadOnlyList<Trial> trials);

    /// <summary>Ids of running trials the strategy itself ends early (Hyperband's successive halving); empty for the others.</summary>
    IReadOnlyList<string> TrialsToStop(IReadOnlyList<Trial> trials);
}

/// <summary>
/// TrainingJobEarlyStoppingType Auto: decides from intermediate objective values which running trials to stop.
/// SageMaker's rule: stop a job whose best value so far is worse than the median of the other jobs' running
/// averages at the same point.
/// </summary>
public interface IEarlyStoppingRule
{
    IReadOnlyList<string> TrialsToStop(IReadOnlyList<Trial> trials);
}
