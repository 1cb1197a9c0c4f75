namespace Sagebrush.Core.Tuning.Search;

/// <summary>Everything a strategy is built from. <see cref="Hyperband"/> is set only for Strategy Hyperband.</summary>
public sealed record SearchSettings(
    string Strategy,
    ParameterSpace Space,
    ObjectiveDirection Direction,
    int Seed,
    HyperbandSettings? Hyperband = null);

/// <summary>HyperbandStrategyConfig: the resource (epochs, i.e. the count of intermediate values) runs from MinResource to MaxResource.</summary>
public sealed record HyperbandSettings(int MinResource, int MaxResource);
