using System.Globalization;
using Sagebrush.Core.Tuning.Search;
using Sagebrush.Core.Tuning.Shapes;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// HyperbandStrategyConfig as a definition runs it. As SageMaker documents, a missing MaxResource is inferred from the
/// first of the static hyperparameters epochs, numepochs, n-epochs, n_epochs, num_epochs that holds a whole number;
/// a missing MinResource is 1 (SageMaker documents no default; 1 lets Hyperband judge a job from its first value).
/// </summary>
public static class HyperbandResources
{
    public const int DefaultMinResource = 1;

    public static IReadOnlyList<string> EpochKeys { get; } = ["epochs", "numepochs", "n-epochs", "n_epochs", "num_epochs"];

    /// <summary>The resources for the definition; null when MaxResource is neither given nor inferable.</summary>
    public static HyperbandSettings? Of(HyperParameterTuningJobStrategyConfig? config, HyperParameterTrainingJobDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var hyperband = config?.HyperbandStrategyConfig;
        return (hyperband?.MaxResource ?? Inferred(definition.StaticHyperParameters)) is { } max
            ? new HyperbandSettings(hyperband?.MinResource ?? DefaultMinResource, max)
            : null;
    }

    private static int? Inferred(IReadOnlyDictionary<string, string>? staticHyperParameters)
    {
        foreach (var key in EpochKeys)
        {
            if (staticHyperParameters is not null && staticHyperParameters.TryGetValue(key, out var value)
                && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epochs) && epochs >= 1)
            {
                return epochs;
            }
        }

        return null;
    }
}
