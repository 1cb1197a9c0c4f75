using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Training;
using Sagebrush.Core.Training.Shapes;
using Sagebrush.Core.Tuning.Search;
using Sagebrush.Core.Tuning.Shapes;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// The training jobs a tuning job launches: their CreateTrainingJob request from a definition, their SageMaker-style
/// names, and how a tuning job sees one (summary, objective status, search trial).
/// </summary>
public static class ChildTrainingJobs
{
    public const string Succeeded = "Succeeded";
    public const string Pending = "Pending";
    public const string Failed = "Failed";

    /// <summary>SageMaker's <c>&lt;tuning-job&gt;-NNN-&lt;8 hex digits&gt;</c>, NNN counting from 001.</summary>
    public static string Name(string tuningJobName, int sequence, ReadOnlySpan<byte> random) =>
        $"{tuningJobName}-{sequence:D3}-{Convert.ToHexStringLower(random[..4])}";

    public static CreateTrainingJobRequest Request(
        HyperParameterTrainingJobDefinition definition,
        string name,
        IReadOnlyDictionary<string, string> hyperParameters,
        IReadOnlyList<Tag>? tags)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var algorithm = definition.AlgorithmSpecification;
        return new CreateTrainingJobRequest
        {
            TrainingJobName = name,
            HyperParameters = hyperParameters,
            AlgorithmSpecification = algorithm is null ? null : new AlgorithmSpecification
            {
                TrainingImage = algorithm.TrainingImage,
                AlgorithmName = algorithm.AlgorithmName,
                TrainingInputMode = algorithm.TrainingInputMode,
                MetricDefinitions = algorithm.MetricDefinitions,
            },
            RoleArn = definition.RoleArn,
            InputDataConfig = definition.InputDataConfig,
            OutputDataConfig = definition.OutputDataConfig,
            ResourceConfig = definition.ResourceConfig,
            VpcConfig = definition.VpcConfig,
            StoppingCondition = definition.StoppingCondition,
            Tags = tags,
            EnableNetworkIsolation = definition.EnableNetworkIsolation,
            EnableInterContainerTrafficEncryption = definition.EnableInterContainerTrafficEncryption,
            EnableManagedSpotTraining = definition.EnableManagedSpotTraining,
            CheckpointConfig = definition.CheckpointConfig,
            Environment = definition.Environment,
        };
    }

    /// <summary>StaticHyperParameters with the proposed values over them (the validator keeps the two apart).</summary>
    public static IReadOnlyDictionary<string, string> HyperParameters(HyperParameterTrainingJobDefinition definition, IReadOnlyDictionary<string, string> tuned)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(tuned);
        var all = new Dictionary<string, string>(definition.StaticHyperParameters ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in tuned)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>The objective's final value: the last value the job logged for the metric (FinalMetricDataList).</summary>
    public static double? FinalObjective(DescribeTrainingJobResponse job, string metricName)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.FinalMetricDataList?.FirstOrDefault(m => m.MetricName == metricName)?.Value;
    }

    /// <summary>Pending while the job runs; Succeeded once it ended Completed or Stopped with an objective value.</summary>
    public static string ObjectiveStatus(DescribeTrainingJobResponse job, string metricName)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.TrainingJobStatus switch
        {
            TrainingJobStatus.InProgress or TrainingJobStatus.Stopping => Pending,
            TrainingJobStatus.Completed or TrainingJobStatus.Stopped when FinalObjective(job, metricName) is not null => Succeeded,
            _ => Failed,
        };
    }

    public static HyperParameterTrainingJobSummary Summary(DescribeTrainingJobResponse job, PlannedDefinition definition, string tuningJobName)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(definition);
        var status = ObjectiveStatus(job, definition.MetricName);
        var value = FinalObjective(job, definition.MetricName);
        return new HyperParameterTrainingJobSummary
        {
            TrainingJobDefinitionName = definition.Name,
            TrainingJobName = job.TrainingJobName,
            TrainingJobArn = job.TrainingJobArn,
            TuningJobName = tuningJobName,
            CreationTime = job.CreationTime,
            TrainingStartTime = job.TrainingStartTime,
            TrainingEndTime = job.TrainingEndTime,
            TrainingJobStatus = job.TrainingJobStatus,
            TunedHyperParameters = Tuned(job, definition),
            FailureReason = job.FailureReason,
            FinalHyperParameterTuningJobObjectiveMetric = status == Succeeded && value is { } final
                ? new FinalHyperParameterTuningJobObjectiveMetric { Type = definition.ObjectiveType, MetricName = definition.MetricName, Value = (float)final }
                : null,
            ObjectiveStatus = status,
        };
    }

    /// <summary>The job's hyperparameters the definition tunes (static ones of a warm-start parent included, by name).</summary>
    public static IReadOnlyDictionary<string, string> Tuned(DescribeTrainingJobResponse job, PlannedDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(definition);
        return (job.HyperParameters ?? new Dictionary<string, string>())
            .Where(p => definition.TunedNames.Contains(p.Key))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    public static TrialState StateOf(string trainingJobStatus) => trainingJobStatus switch
    {
        TrainingJobStatus.Completed => TrialState.Completed,
        TrainingJobStatus.Stopped => TrialState.Stopped,
        TrainingJobStatus.Failed => TrialState.Failed,
        _ => TrialState.Running,
    };

    /// <summary>True when <paramref name="candidate"/> is better than <paramref name="incumbent"/> in the objective's direction.</summary>
    public static bool Better(double candidate, double incumbent, ObjectiveDirection direction) =>
        direction == ObjectiveDirection.Maximize ? candidate > incumbent : candidate < incumbent;

    /// <summary>The best of the summaries with an objective value; the earliest wins a tie.</summary>
    public static HyperParameterTrainingJobSummary? Best(IEnumerable<HyperParameterTrainingJobSummary?> summaries, ObjectiveDirection direction)
    {
        HyperParameterTrainingJobSummary? best = null;
        foreach (var summary in summaries)
        {
            if (summary?.FinalHyperParameterTuningJobObjectiveMetric is { } metric
                && (best is null || Better(metric.Value, best.FinalHyperParameterTuningJobObjectiveMetric!.Value, direction)))
            {
                best = summary;
            }
        }

        return best;
    }
}
