using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// How the orchestrator gets its search strategy and early-stopping rule (Search/ builds them; tests pass doubles).
/// One of each per training job definition, built once per run of a tuning job.
/// </summary>
public sealed record SearchComponents(
    Func<SearchSettings, ISearchStrategy> CreateStrategy,
    Func<SearchSettings, IEarlyStoppingRule> CreateEarlyStoppingRule);
