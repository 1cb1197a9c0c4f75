using System.Globalization;
using Sagebrush.Core.Tuning.Search;
using Sagebrush.Core.Tuning.Shapes;
using WireCategorical = Sagebrush.Core.Tuning.Shapes.CategoricalParameterRange;
using WireContinuous = Sagebrush.Core.Tuning.Shapes.ContinuousParameterRange;
using WireInteger = Sagebrush.Core.Tuning.Shapes.IntegerParameterRange;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// A tuning job's definitions with their objectives and parsed ranges, and its limits. Built from the request when it
/// is validated (each rule here answers ValidationException in the first broken rule's words) and again from the
/// stored job when the orchestrator runs it.
/// </summary>
public sealed record TuningPlan(string Strategy, IReadOnlyList<PlannedDefinition> Definitions, int MaxNumberOfTrainingJobs, int MaxParallelTrainingJobs)
{
    /// <summary>
    /// The number of training jobs a Random, Bayesian or Hyperband search launches without MaxNumberOfTrainingJobs:
    /// SageMaker's default quota of training jobs per tuning job.
    /// </summary>
    public const int DefaultMaxNumberOfTrainingJobs = 500;

    public static TuningPlan Of(DescribeHyperParameterTuningJobResponse job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Build(job.HyperParameterTuningJobConfig, job.TrainingJobDefinition, job.TrainingJobDefinitions);
    }

    public static TuningPlan Build(
        HyperParameterTuningJobConfig config,
        HyperParameterTrainingJobDefinition? single,
        IReadOnlyList<HyperParameterTrainingJobDefinition>? several)
    {
        ArgumentNullException.ThrowIfNull(config);
        if ((single is null) == (several is null))
        {
            throw TuningErrors.Validation("You must specify either TrainingJobDefinition or TrainingJobDefinitions, but not both.");
        }

        var definitions = several is null
            ? [Plan(0, single!, config.HyperParameterTuningJobObjective, config.ParameterRanges, config.Strategy!)]
            : several.Select((d, i) => Plan(i, d, null, null, config.Strategy!)).ToList();
        if (several is not null)
        {
            if (config.HyperParameterTuningJobObjective is not null || config.ParameterRanges is not null)
            {
                throw TuningErrors.Validation("With TrainingJobDefinitions, each definition carries its own TuningObjective and HyperParameterRanges; HyperParameterTuningJobConfig must not specify HyperParameterTuningJobObjective or ParameterRanges.");
            }

            var unnamed = definitions.FirstOrDefault(d => d.Name is null);
            if (unnamed is not null)
            {
                throw TuningErrors.Validation($"Every definition in TrainingJobDefinitions needs a DefinitionName; definition {unnamed.Index + 1} has none.");
            }

            var duplicate = definitions.GroupBy(d => d.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw TuningErrors.Validation($"DefinitionName must be unique within TrainingJobDefinitions: '{duplicate.Key}' appears {duplicate.Count()} times.");
            }

            if (definitions.Select(d => d.ObjectiveType).Distinct().Count() > 1)
            {
                throw TuningErrors.Validation("Every TuningObjective in TrainingJobDefinitions must have the same Type (Maximize or Minimize), so that their training jobs can be compared.");
            }
        }

        var limits = config.ResourceLimits!;
        var parallel = limits.MaxParallelTrainingJobs!.Value;
        int maximum;
        if (config.Strategy == "Grid")
        {
            if (limits.MaxNumberOfTrainingJobs is not null)
            {
                throw TuningErrors.Validation("MaxNumberOfTrainingJobs must not be specified with the Grid strategy: a grid search launches one training job per combination of the categorical values.");
            }

            maximum = (int)Math.Min(int.MaxValue, definitions.Sum(d => d.GridSize));
        }
        else
        {
            maximum = limits.MaxNumberOfTrainingJobs ?? DefaultMaxNumberOfTrainingJobs;
            if (parallel > maximum)
            {
                throw TuningErrors.Validation($"MaxParallelTrainingJobs ({parallel}) must be less than or equal to MaxNumberOfTrainingJobs ({maximum}).");
            }
        }

        return new TuningPlan(config.Strategy!, definitions, maximum, parallel);
    }

    private static PlannedDefinition Plan(
        int index,
        HyperParameterTrainingJobDefinition definition,
        HyperParameterTuningJobObjective? configObjective,
        ParameterRanges? configRanges,
        string strategy)
    {
        var label = definition.DefinitionName is { } name ? $"definition '{name}'" : "the training job definition";
        var objective = definition.TuningObjective ?? configObjective
            ?? throw TuningErrors.Validation($"The tuning objective is missing for {label}: specify HyperParameterTuningJobObjective in HyperParameterTuningJobConfig (or TuningObjective in each of TrainingJobDefinitions).");
        var ranges = definition.HyperParameterRanges ?? configRanges;
        var space = new ParameterSpace(Ranges(ranges, label, strategy));
        if (space.Ranges.Count == 0)
        {
            throw TuningErrors.Validation($"ParameterRanges of {label} must contain at least one IntegerParameterRanges, ContinuousParameterRanges or CategoricalParameterRanges entry.");
        }

        var duplicate = space.Ranges.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw TuningErrors.Validation($"The hyperparameter '{duplicate.Key}' has more than one range in {label}: each tunable hyperparameter has exactly one range.");
        }

        var fixedAndTuned = space.Ranges.FirstOrDefault(r => definition.StaticHyperParameters?.ContainsKey(r.Name) == true);
        if (fixedAndTuned is not null)
        {
            throw TuningErrors.Validation($"The hyperparameter '{fixedAndTuned.Name}' is both tunable (in ParameterRanges) and static (in StaticHyperParameters) in {label}; a hyperparameter can be only one of them.");
        }

        return new PlannedDefinition(index, definition.DefinitionName, definition, objective.MetricName!, objective.Type!, space);
    }

    private static List<Search.ParameterRange> Ranges(ParameterRanges? ranges, string label, string strategy)
    {
        var parsed = new List<Search.ParameterRange>();
        if (strategy == "Grid" && (ranges?.IntegerParameterRanges is { Count: > 0 } || ranges?.ContinuousParameterRanges is { Count: > 0 }))
        {
            throw TuningErrors.Validation($"The Grid strategy supports only CategoricalParameterRanges; {label} has integer or continuous ranges.");
        }

        foreach (var range in ranges?.IntegerParameterRanges ?? [])
        {
            parsed.Add(Integer(range, label));
        }

        foreach (var range in ranges?.ContinuousParameterRanges ?? [])
        {
            parsed.Add(Continuous(range, label));
        }

        foreach (var range in ranges?.CategoricalParameterRanges ?? [])
        {
            var repeated = range.Values!.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (repeated is not null)
            {
                throw TuningErrors.Validation($"The values of the categorical hyperparameter '{range.Name}' must be unique; '{repeated.Key}' appears {repeated.Count()} times.");
            }

            parsed.Add(new Search.CategoricalParameterRange(range.Name!, range.Values!));
        }

        return parsed;
    }

    private static Search.IntegerParameterRange Integer(WireInteger range, string label)
    {
        var min = ParseInteger(range.MinValue, "MinValue", range.Name!, label);
        var max = ParseInteger(range.MaxValue, "MaxValue", range.Name!, label);
        var scaling = Scaling(range.ScalingType);
        CheckOrder(min, max, range.Name!);
        if (scaling == ScalingType.Logarithmic && min <= 0)
        {
            throw LogarithmicNeedsPositive(range.Name!, range.MinValue!);
        }

        if (scaling == ScalingType.ReverseLogarithmic)
        {
            throw TuningErrors.Validation($"ReverseLogarithmic scaling is supported only for continuous hyperparameters; '{range.Name}' is an integer hyperparameter.");
        }

        return new Search.IntegerParameterRange(range.Name!, min, max, scaling);
    }

    private static Search.ContinuousParameterRange Continuous(WireContinuous range, string label)
    {
        var min = ParseReal(range.MinValue, "MinValue", range.Name!, label);
        var max = ParseReal(range.MaxValue, "MaxValue", range.Name!, label);
        var scaling = Scaling(range.ScalingType);
        CheckOrder(min, max, range.Name!);
        if (scaling == ScalingType.Logarithmic && min <= 0)
        {
            throw LogarithmicNeedsPositive(range.Name!, range.MinValue!);
        }

        if (scaling == ScalingType.ReverseLogarithmic && (min < 0 || max >= 1))
        {
            throw TuningErrors.Validation($"ReverseLogarithmic scaling requires a range within 0 <= value < 1; the hyperparameter '{range.Name}' ranges from {range.MinValue} to {range.MaxValue}.");
        }

        return new Search.ContinuousParameterRange(range.Name!, min, max, scaling);
    }

    private static void CheckOrder<T>(T min, T max, string name)
        where T : IComparable<T>
    {
        if (min.CompareTo(max) >= 0)
        {
            throw TuningErrors.Validation($"MinValue must be less than MaxValue for the hyperparameter '{name}' (MinValue {min}, MaxValue {max}).");
        }
    }

    private static Common.AwsException LogarithmicNeedsPositive(string name, string min) => TuningErrors.Validation(
        $"Logarithmic scaling works only for ranges of values greater than 0; the hyperparameter '{name}' has MinValue {min}.");

    private static ScalingType Scaling(string? value) => value is null ? ScalingType.Auto : Enum.Parse<ScalingType>(value);

    private static long ParseInteger(string? text, string member, string name, string label) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw TuningErrors.Validation($"The {member} '{text}' of the integer hyperparameter '{name}' in {label} is not an integer.");

    private static double ParseReal(string? text, string member, string name, string label) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw TuningErrors.Validation($"The {member} '{text}' of the continuous hyperparameter '{name}' in {label} is not a number.");
}
