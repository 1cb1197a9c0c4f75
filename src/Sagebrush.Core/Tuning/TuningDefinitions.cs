using Sagebrush.Core.Tuning.Shapes;
using Sagebrush.Core.Training;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// A tuning job's training job definitions as SageMaker keeps them: the objective metric's name added to the static
/// hyperparameters as <c>_tuning_objective_metric</c> (every training job of the tuning job gets it, and the SageMaker
/// SDK's attach removes it), and a HyperParameterTuningResourceConfig (what the SDK sends) given a ResourceConfig the
/// training jobs run with, so that a definition read back always has one.
/// </summary>
public static class TuningDefinitions
{
    public const string ObjectiveMetricHyperParameter = "_tuning_objective_metric";

    public static CreateHyperParameterTuningJobRequest Normalize(CreateHyperParameterTuningJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var objective = request.HyperParameterTuningJobConfig?.HyperParameterTuningJobObjective?.MetricName;
        return request with
        {
            TrainingJobDefinition = request.TrainingJobDefinition is { } single ? Normalize(single, objective, "the training job definition") : null,
            TrainingJobDefinitions = request.TrainingJobDefinitions?.Select(d => Normalize(d, d.TuningObjective?.MetricName ?? objective, $"definition '{d.DefinitionName}'")).ToList(),
        };
    }

    /// <summary>
    /// The definition as DescribeHyperParameterTuningJob shows it: a built-in algorithm's metric definitions listed with
    /// the user's, as for its training jobs (the SageMaker SDK's attach reads MetricDefinitions). Call it on a definition
    /// that passed validation.
    /// </summary>
    public static HyperParameterTrainingJobDefinition WithAlgorithmMetrics(HyperParameterTrainingJobDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.AlgorithmSpecification is not { TrainingImage: not null } algorithm)
        {
            return definition;
        }

        var image = TrainingImageResolver.Resolve(algorithm.TrainingImage!, definition.StaticHyperParameters);
        return definition with { AlgorithmSpecification = algorithm with { MetricDefinitions = TrainingJobService.MetricDefinitionsOf(image, algorithm.MetricDefinitions) } };
    }

    private static HyperParameterTrainingJobDefinition Normalize(HyperParameterTrainingJobDefinition definition, string? objective, string label)
    {
        var normalized = definition;
        if (definition.HyperParameterTuningResourceConfig is { } flexible)
        {
            if (definition.ResourceConfig is not null)
            {
                throw TuningErrors.Validation($"Specify either ResourceConfig or HyperParameterTuningResourceConfig for {label}, not both.");
            }

            var first = flexible.InstanceConfigs is { Count: > 0 } configs ? configs[0] : null;
            normalized = normalized with
            {
                ResourceConfig = new ResourceConfig
                {
                    InstanceType = flexible.InstanceType ?? first?.InstanceType,
                    InstanceCount = flexible.InstanceCount ?? first?.InstanceCount,
                    VolumeSizeInGB = flexible.VolumeSizeInGB ?? first?.VolumeSizeInGB,
                    VolumeKmsKeyId = flexible.VolumeKmsKeyId,
                },
            };
        }

        if (objective is not null && definition.StaticHyperParameters?.ContainsKey(ObjectiveMetricHyperParameter) != true)
        {
            normalized = normalized with
            {
                StaticHyperParameters = new Dictionary<string, string>(definition.StaticHyperParameters ?? new Dictionary<string, string>(), StringComparer.Ordinal)
                {
                    [ObjectiveMetricHyperParameter] = objective,
                },
            };
        }

        return normalized;
    }
}
