using Sagebrush.Core.Tuning.Search;
using Sagebrush.Core.Tuning.Shapes;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// One training job definition as the orchestrator runs it: its objective (the definition's TuningObjective, or the
/// config's for a single TrainingJobDefinition), and its parameter ranges parsed into the space the strategy searches.
/// </summary>
public sealed record PlannedDefinition(
    int Index,
    string? Name,
    HyperParameterTrainingJobDefinition Definition,
    string MetricName,
    string ObjectiveType,
    ParameterSpace Space)
{
    public ObjectiveDirection Direction => ObjectiveType == "Maximize" ? ObjectiveDirection.Maximize : ObjectiveDirection.Minimize;

    /// <summary>The tuned names, to tell a training job's tuned hyperparameters from its static ones.</summary>
    public IReadOnlySet<string> TunedNames { get; } = Space.Ranges.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every combination of the categorical values: the size of a Grid search.</summary>
    public long GridSize => Space.Ranges.OfType<Search.CategoricalParameterRange>().Aggregate(1L, (size, r) => size * r.Values.Count);
}
