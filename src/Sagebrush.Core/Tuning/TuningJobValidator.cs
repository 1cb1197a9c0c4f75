using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Training;
using Sagebrush.Core.Tuning.Shapes;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// CreateHyperParameterTuningJob's input against the botocore model (required members, patterns, ranges, enums), in
/// AWS's "N validation errors detected: Value ... at ..." words. The definitions' training job members are checked by
/// the training job's own rules (<see cref="TrainingJobService.Check"/>) and the tuning rules by <see cref="TuningPlan"/>.
/// </summary>
public static class TuningJobValidator
{
    public const string NamePattern = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}";
    public const string DefinitionNamePattern = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}";

    public static IReadOnlyList<string> Strategies { get; } = ["Bayesian", "Random", "Hyperband", "Grid"];
    public static IReadOnlyList<string> ObjectiveTypes { get; } = ["Maximize", "Minimize"];
    public static IReadOnlyList<string> ScalingTypes { get; } = ["Auto", "Linear", "Logarithmic", "ReverseLogarithmic"];
    public static IReadOnlyList<string> EarlyStoppingTypes { get; } = ["Off", "Auto"];
    public static IReadOnlyList<string> WarmStartTypes { get; } = ["IdenticalDataAndAlgorithm", "TransferLearning"];
    public static IReadOnlyList<string> CompleteOnConvergenceValues { get; } = ["Disabled", "Enabled"];

    public static void ValidateName(string? name, string path = "hyperParameterTuningJobName")
    {
        var errors = new ConstraintErrors();
        if (errors.Required(name, path))
        {
            errors.Length(name, path, 1, 32);
            errors.Pattern(name, path, NamePattern);
        }

        errors.ThrowIfAny();
    }

    /// <summary>The model's constraints on everything but the training job members of the definitions.</summary>
    public static void CheckModel(CreateHyperParameterTuningJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        if (errors.Required(request.HyperParameterTuningJobName, "hyperParameterTuningJobName"))
        {
            errors.Length(request.HyperParameterTuningJobName, "hyperParameterTuningJobName", 1, 32);
            errors.Pattern(request.HyperParameterTuningJobName, "hyperParameterTuningJobName", NamePattern);
        }

        if (errors.Required(request.HyperParameterTuningJobConfig, "hyperParameterTuningJobConfig"))
        {
            CheckConfig(request.HyperParameterTuningJobConfig!, errors);
        }

        if (request.TrainingJobDefinition is { } single)
        {
            CheckDefinition(single, "trainingJobDefinition", errors);
        }

        errors.Items(request.TrainingJobDefinitions, "trainingJobDefinitions", 1, 10);
        for (var i = 0; request.TrainingJobDefinitions is { } several && i < several.Count; i++)
        {
            CheckDefinition(several[i], $"trainingJobDefinitions.{i + 1}.member", errors);
        }

        if (request.WarmStartConfig is { } warm)
        {
            if (errors.Required(warm.ParentHyperParameterTuningJobs, "warmStartConfig.parentHyperParameterTuningJobs"))
            {
                errors.Items(warm.ParentHyperParameterTuningJobs, "warmStartConfig.parentHyperParameterTuningJobs", 1, 5);
                for (var i = 0; i < warm.ParentHyperParameterTuningJobs!.Count; i++)
                {
                    var at = $"warmStartConfig.parentHyperParameterTuningJobs.{i + 1}.member.hyperParameterTuningJobName";
                    var parent = warm.ParentHyperParameterTuningJobs[i].HyperParameterTuningJobName;
                    errors.Length(parent, at, 1, 32);
                    errors.Pattern(parent, at, NamePattern);
                }
            }

            if (errors.Required(warm.WarmStartType, "warmStartConfig.warmStartType"))
            {
                errors.Enum(warm.WarmStartType, "warmStartConfig.warmStartType", WarmStartTypes);
            }
        }

        TagChecks.Check(request.Tags, "tags", errors);
        errors.ThrowIfAny();
    }

    private static void CheckConfig(HyperParameterTuningJobConfig config, ConstraintErrors errors)
    {
        const string At = "hyperParameterTuningJobConfig";
        if (errors.Required(config.Strategy, $"{At}.strategy"))
        {
            errors.Enum(config.Strategy, $"{At}.strategy", Strategies);
        }

        if (config.StrategyConfig?.HyperbandStrategyConfig is { } hyperband)
        {
            errors.Minimum(hyperband.MinResource, $"{At}.strategyConfig.hyperbandStrategyConfig.minResource", 1);
            errors.Minimum(hyperband.MaxResource, $"{At}.strategyConfig.hyperbandStrategyConfig.maxResource", 1);
        }

        CheckObjective(config.HyperParameterTuningJobObjective, $"{At}.hyperParameterTuningJobObjective", errors);
        if (errors.Required(config.ResourceLimits, $"{At}.resourceLimits"))
        {
            var limits = config.ResourceLimits!;
            errors.Minimum(limits.MaxNumberOfTrainingJobs, $"{At}.resourceLimits.maxNumberOfTrainingJobs", 1);
            if (errors.Required(limits.MaxParallelTrainingJobs, $"{At}.resourceLimits.maxParallelTrainingJobs"))
            {
                errors.Minimum(limits.MaxParallelTrainingJobs, $"{At}.resourceLimits.maxParallelTrainingJobs", 1);
            }

            errors.Minimum(limits.MaxRuntimeInSeconds, $"{At}.resourceLimits.maxRuntimeInSeconds", 120);
            errors.Maximum(limits.MaxRuntimeInSeconds, $"{At}.resourceLimits.maxRuntimeInSeconds", 15_768_000);
        }

        CheckRanges(config.ParameterRanges, $"{At}.parameterRanges", errors);
        errors.Enum(config.TrainingJobEarlyStoppingType, $"{At}.trainingJobEarlyStoppingType", EarlyStoppingTypes);
        if (config.TuningJobCompletionCriteria is { } criteria)
        {
            errors.Minimum(criteria.BestObjectiveNotImproving?.MaxNumberOfTrainingJobsNotImproving, $"{At}.tuningJobCompletionCriteria.bestObjectiveNotImproving.maxNumberOfTrainingJobsNotImproving", 3);
            errors.Enum(criteria.ConvergenceDetected?.CompleteOnConvergence, $"{At}.tuningJobCompletionCriteria.convergenceDetected.completeOnConvergence", CompleteOnConvergenceValues);
        }

        errors.Minimum(config.RandomSeed, $"{At}.randomSeed", 0);
    }

    private static void CheckObjective(HyperParameterTuningJobObjective? objective, string at, ConstraintErrors errors)
    {
        if (objective is null)
        {
            return;
        }

        if (errors.Required(objective.Type, $"{at}.type"))
        {
            errors.Enum(objective.Type, $"{at}.type", ObjectiveTypes);
        }

        if (errors.Required(objective.MetricName, $"{at}.metricName"))
        {
            errors.Length(objective.MetricName, $"{at}.metricName", 1, 255);
            errors.Pattern(objective.MetricName, $"{at}.metricName", ".+");
        }
    }

    private static void CheckRanges(ParameterRanges? ranges, string at, ConstraintErrors errors)
    {
        if (ranges is null)
        {
            return;
        }

        errors.Items(ranges.IntegerParameterRanges, $"{at}.integerParameterRanges", 0, 30);
        for (var i = 0; ranges.IntegerParameterRanges is { } list && i < list.Count; i++)
        {
            CheckBounds(list[i].Name, list[i].MinValue, list[i].MaxValue, list[i].ScalingType, $"{at}.integerParameterRanges.{i + 1}.member", errors);
        }

        errors.Items(ranges.ContinuousParameterRanges, $"{at}.continuousParameterRanges", 0, 30);
        for (var i = 0; ranges.ContinuousParameterRanges is { } list && i < list.Count; i++)
        {
            CheckBounds(list[i].Name, list[i].MinValue, list[i].MaxValue, list[i].ScalingType, $"{at}.continuousParameterRanges.{i + 1}.member", errors);
        }

        errors.Items(ranges.CategoricalParameterRanges, $"{at}.categoricalParameterRanges", 0, 30);
        for (var i = 0; ranges.CategoricalParameterRanges is { } list && i < list.Count; i++)
        {
            var member = $"{at}.categoricalParameterRanges.{i + 1}.member";
            if (errors.Required(list[i].Name, $"{member}.name"))
            {
                errors.Length(list[i].Name, $"{member}.name", 0, 256);
            }

            if (errors.Required(list[i].Values, $"{member}.values"))
            {
                errors.Items(list[i].Values, $"{member}.values", 1, 30);
                for (var v = 0; v < list[i].Values!.Count; v++)
                {
                    errors.Length(list[i].Values![v], $"{member}.values.{v + 1}.member", 0, 256);
                }
            }
        }
    }

    private static void CheckBounds(string? name, string? min, string? max, string? scaling, string at, ConstraintErrors errors)
    {
        if (errors.Required(name, $"{at}.name"))
        {
            errors.Length(name, $"{at}.name", 0, 256);
        }

        if (errors.Required(min, $"{at}.minValue"))
        {
            errors.Length(min, $"{at}.minValue", 0, 256);
        }

        if (errors.Required(max, $"{at}.maxValue"))
        {
            errors.Length(max, $"{at}.maxValue", 0, 256);
        }

        errors.Enum(scaling, $"{at}.scalingType", ScalingTypes);
    }

    /// <summary>The tuning members of a definition; its training job members go through the training job's checks.</summary>
    private static void CheckDefinition(HyperParameterTrainingJobDefinition definition, string at, ConstraintErrors errors)
    {
        if (definition.DefinitionName is { } name)
        {
            errors.Length(name, $"{at}.definitionName", 1, 64);
            errors.Pattern(name, $"{at}.definitionName", DefinitionNamePattern);
        }

        CheckObjective(definition.TuningObjective, $"{at}.tuningObjective", errors);
        CheckRanges(definition.HyperParameterRanges, $"{at}.hyperParameterRanges", errors);
        errors.Items(definition.StaticHyperParameters?.Keys.ToList(), $"{at}.staticHyperParameters", 0, 100);
        errors.MapEntries(definition.StaticHyperParameters, $"{at}.staticHyperParameters", keys: true, max: 256);
        errors.MapEntries(definition.StaticHyperParameters, $"{at}.staticHyperParameters", keys: false, max: 2500);
        if (errors.Required(definition.AlgorithmSpecification, $"{at}.algorithmSpecification"))
        {
            errors.Required(definition.AlgorithmSpecification!.TrainingInputMode, $"{at}.algorithmSpecification.trainingInputMode");
        }

        errors.Required(definition.RoleArn, $"{at}.roleArn");
        errors.Required(definition.OutputDataConfig, $"{at}.outputDataConfig");
        errors.Required(definition.StoppingCondition, $"{at}.stoppingCondition");
        if (definition.RetryStrategy is { } retry && errors.Required(retry.MaximumRetryAttempts, $"{at}.retryStrategy.maximumRetryAttempts"))
        {
            errors.Minimum(retry.MaximumRetryAttempts, $"{at}.retryStrategy.maximumRetryAttempts", 1);
            errors.Maximum(retry.MaximumRetryAttempts, $"{at}.retryStrategy.maximumRetryAttempts", 30);
        }

        errors.Items(definition.Environment?.Keys.ToList(), $"{at}.environment", 0, 48);
    }
}
