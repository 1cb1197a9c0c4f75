using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// How the orchestrator gets its search strategy and early-stopping rule (Search/ builds them; tests pass doubles).
/// One of each per training job definition, built once per run of a tuning job.
/// </summary>
public sealed record SearchComponents(
    Func<SearchSettings, ISearchStrategy> CreateStrategy,
    Func<SearchSettings, IEarlyStoppingRule> CreateEarlyStoppingRule)
{
    /// <summary>The strategies of Search/ and SageMaker's median stopping rule.</summary>
    public static SearchComponents Default { get; } = new(SearchStrategies.Create, settings => EarlyStopping.Create(settings.Direction));
}
