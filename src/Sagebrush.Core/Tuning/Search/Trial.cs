namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// What the search knows of one training job: the hyperparameters it was given (only the tuned ones), its state,
/// the objective metric's values in the order the job reported them (the intermediate values early stopping and
/// Hyperband judge), and its final objective value once it ended with one. Values are raw: the strategy knows from
/// its <see cref="SearchSettings.Direction"/> whether more is better. Warm-start parents' jobs arrive as
/// Completed trials too.
/// </summary>
public sealed record Trial(
    string Id,
    IReadOnlyDictionary<string, string> HyperParameters,
    TrialState State,
    IReadOnlyList<double> IntermediateValues,
    double? FinalValue);

public enum TrialState
{
    Running,
    Completed,
    Stopped,
    Failed,
}

public enum ObjectiveDirection
{
    Maximize,
    Minimize,
}
