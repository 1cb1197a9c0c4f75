namespace Sagebrush.Core.Tuning.Search;

/// <summary>Builds the strategy a tuning job's Strategy names, spelled as the API spells it.</summary>
public static class SearchStrategies
{
    public const string Bayesian = "Bayesian";
    public const string Random = "Random";
    public const string Grid = "Grid";
    public const string Hyperband = "Hyperband";

    /// <summary>The strategy for <paramref name="settings"/>; ArgumentException for an unknown name or a space the strategy cannot search.</summary>
    public static ISearchStrategy Create(SearchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Strategy switch
        {
            Random => new RandomSearch(settings.Space, settings.Seed),
            Grid => new GridSearch(settings.Space),
            Bayesian => new BayesianSearch(settings.Space, settings.Direction, settings.Seed),
            Hyperband => new HyperbandSearch(
                settings.Space,
                settings.Direction,
                settings.Seed,
                settings.Hyperband ?? throw new ArgumentException("Strategy Hyperband needs HyperbandSettings.", nameof(settings))),
            _ => throw new ArgumentException($"Unknown tuning strategy {settings.Strategy}.", nameof(settings)),
        };
    }
}
