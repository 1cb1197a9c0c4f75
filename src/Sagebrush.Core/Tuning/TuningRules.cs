using Sagebrush.Core.Training;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// The tuning rules that go beyond the model and the ranges (<see cref="TuningPlan"/>): the strategy's configuration,
/// each definition as a training job and its objective metric, and warm start parents. Each breaks with its own
/// ValidationException.
/// </summary>
public static class TuningRules
{
    /// <summary>StrategyConfig for Hyperband only; Hyperband's resources for each definition (see <see cref="HyperbandResources"/>).</summary>
    public static void CheckStrategy(Shapes.HyperParameterTuningJobConfig config, IReadOnlyList<PlannedDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(definitions);
        if (config.Strategy != "Hyperband")
        {
            if (config.StrategyConfig is not null)
            {
                throw TuningErrors.Validation($"StrategyConfig applies only to the Hyperband strategy, and the strategy is {config.Strategy}.");
            }

            return;
        }

        foreach (var definition in definitions)
        {
            if (HyperbandResources.Of(config.StrategyConfig, definition.Definition) is not { } resources)
            {
                throw TuningErrors.Validation("The Hyperband strategy needs StrategyConfig.HyperbandStrategyConfig.MaxResource, the most epochs (objective values) a training job runs for, or a static hyperparameter to infer it from: epochs, numepochs, n-epochs, n_epochs or num_epochs.");
            }

            if (resources.MinResource >= resources.MaxResource)
            {
                throw TuningErrors.Validation($"HyperbandStrategyConfig.MinResource ({resources.MinResource}) must be less than MaxResource ({resources.MaxResource}).");
            }
        }

        if (config.TrainingJobEarlyStoppingType == "Auto")
        {
            throw TuningErrors.Validation("TrainingJobEarlyStoppingType must be Off with the Hyperband strategy: Hyperband stops training jobs early itself.");
        }
    }

    /// <summary>
    /// The definition must make a valid training job (checked as CreateTrainingJob checks one, with a name like the
    /// ones its jobs get), and its objective metric must be one the job reports.
    /// </summary>
    public static void CheckDefinition(PlannedDefinition planned, string tuningJobName, bool single)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var definition = planned.Definition;
        var label = single ? "the training job definition" : $"definition '{planned.Name}'";
        var prefix = single ? "trainingJobDefinition." : $"trainingJobDefinitions.{planned.Index + 1}.member.";
        var sample = ChildTrainingJobs.Request(
            definition,
            ChildTrainingJobs.Name(tuningJobName, 1, new byte[4]),
            definition.StaticHyperParameters ?? new Dictionary<string, string>(),
            null);
        var image = TrainingJobService.Check(sample, prefix);

        var defined = (definition.AlgorithmSpecification!.MetricDefinitions ?? [])
            .Concat(BuiltInAlgorithmMetrics.For(image.Name))
            .Select(m => m.Name!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (!defined.Contains(planned.MetricName, StringComparer.Ordinal))
        {
            throw TuningErrors.Validation(
                $"The objective metric '{planned.MetricName}' of {label} is not a metric its training jobs report: it must be the Name of one of " +
                $"its AlgorithmSpecification.MetricDefinitions{(BuiltInAlgorithmMetrics.For(image.Name).Count > 0 ? " or of the algorithm's own metrics" : string.Empty)} " +
                $"({(defined.Count == 0 ? "there are none" : string.Join(", ", defined))}).");
        }
    }

    public static void CheckParent(string parentName, TuningPlan parent, TuningPlan plan, string warmStartType)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(plan);
        var metrics = plan.Definitions.Select(d => (d.MetricName, d.ObjectiveType)).ToHashSet();
        if (parent.Definitions.Any(d => !metrics.Contains((d.MetricName, d.ObjectiveType))))
        {
            var theirs = parent.Definitions[0];
            throw TuningErrors.Validation($"The parent tuning job '{parentName}' tunes {theirs.ObjectiveType} '{theirs.MetricName}'; a warm start tuning job must have the same objective as its parents.");
        }

        if (warmStartType != "IdenticalDataAndAlgorithm")
        {
            return;
        }

        foreach (var mine in plan.Definitions)
        {
            var theirs = parent.Definitions.FirstOrDefault(d => d.Name == mine.Name) ?? parent.Definitions[0];
            if (theirs.Definition.AlgorithmSpecification?.TrainingImage != mine.Definition.AlgorithmSpecification?.TrainingImage)
            {
                throw TuningErrors.Validation($"WarmStartType IdenticalDataAndAlgorithm needs the same training image as the parent tuning job '{parentName}' ({theirs.Definition.AlgorithmSpecification?.TrainingImage}); use TransferLearning to change it.");
            }

            if (Channels(theirs.Definition.InputDataConfig) != Channels(mine.Definition.InputDataConfig))
            {
                throw TuningErrors.Validation($"WarmStartType IdenticalDataAndAlgorithm needs the same input data as the parent tuning job '{parentName}'; use TransferLearning to change it.");
            }

            var count = mine.TunedNames.Count + (mine.Definition.StaticHyperParameters?.Count ?? 0);
            var parentCount = theirs.TunedNames.Count + (theirs.Definition.StaticHyperParameters?.Count ?? 0);
            if (count != parentCount)
            {
                throw TuningErrors.Validation($"WarmStartType IdenticalDataAndAlgorithm keeps the number of static plus tunable hyperparameters of the parent tuning job '{parentName}' ({parentCount}); this tuning job has {count}.");
            }
        }
    }

    private static string Channels(IReadOnlyList<Channel>? channels) => string.Join(
        '\n',
        (channels ?? []).OrderBy(c => c.ChannelName, StringComparer.Ordinal).Select(c => $"{c.ChannelName}={c.DataSource?.S3DataSource?.S3Uri}"));
}
