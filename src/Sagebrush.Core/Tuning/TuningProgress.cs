using Sagebrush.Core.Training;
using Sagebrush.Core.Tuning.Search;
using Sagebrush.Core.Tuning.Shapes;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// What a tuning job reports from its training jobs: the status and objective counters, the best training job, and
/// how long the best has not improved (for BestObjectiveNotImproving and ConvergenceDetected).
/// </summary>
public sealed record TuningProgress(
    TrainingJobStatusCounters TrainingJobStatusCounters,
    ObjectiveStatusCounters ObjectiveStatusCounters,
    HyperParameterTrainingJobSummary? BestTrainingJob,
    int NumberOfTrainingJobsObjectiveNotImproving,
    IReadOnlyList<double> SucceededValuesInOrder)
{
    /// <summary>Training jobs whose best value has not moved by more than this share of the values' spread have converged.</summary>
    public const double ConvergenceTolerance = 1e-3;

    /// <summary>ConvergenceDetected looks at this many of the latest training jobs with a value (and waits for twice as many).</summary>
    public const int ConvergenceWindow = 5;

    public static TuningProgress Of(IReadOnlyList<HyperParameterTrainingJobSummary> summaries, ObjectiveDirection direction)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var statuses = new TrainingJobStatusCounters
        {
            Completed = summaries.Count(s => s.TrainingJobStatus == TrainingJobStatus.Completed),
            InProgress = summaries.Count(s => s.TrainingJobStatus is TrainingJobStatus.InProgress or TrainingJobStatus.Stopping),
            NonRetryableError = summaries.Count(s => s.TrainingJobStatus == TrainingJobStatus.Failed),
            Stopped = summaries.Count(s => s.TrainingJobStatus == TrainingJobStatus.Stopped),
        };
        var objectives = new ObjectiveStatusCounters
        {
            Succeeded = summaries.Count(s => s.ObjectiveStatus == ChildTrainingJobs.Succeeded),
            Pending = summaries.Count(s => s.ObjectiveStatus == ChildTrainingJobs.Pending),
            Failed = summaries.Count(s => s.ObjectiveStatus == ChildTrainingJobs.Failed),
        };

        // In the order the values arrived: by end time, then launch order.
        var values = summaries
            .Select((s, i) => (Summary: s, Order: i))
            .Where(x => x.Summary.FinalHyperParameterTuningJobObjectiveMetric is not null)
            .OrderBy(x => x.Summary.TrainingEndTime ?? DateTimeOffset.MaxValue)
            .ThenBy(x => x.Order)
            .Select(x => (double)x.Summary.FinalHyperParameterTuningJobObjectiveMetric!.Value)
            .ToList();
        var sinceImprovement = 0;
        double? best = null;
        foreach (var value in values)
        {
            if (best is null || ChildTrainingJobs.Better(value, best.Value, direction))
            {
                best = value;
                sinceImprovement = 0;
            }
            else
            {
                sinceImprovement++;
            }
        }

        return new TuningProgress(statuses, objectives, ChildTrainingJobs.Best(summaries, direction), sinceImprovement, values);
    }

    /// <summary>
    /// Sagebrush's convergence test (SageMaker does not publish its own): at least twice <see cref="ConvergenceWindow"/>
    /// values, and the last <see cref="ConvergenceWindow"/> of them improved the best by no more than
    /// <see cref="ConvergenceTolerance"/> of the spread of all values.
    /// </summary>
    public bool Converged(ObjectiveDirection direction)
    {
        var values = SucceededValuesInOrder;
        if (values.Count < 2 * ConvergenceWindow)
        {
            return false;
        }

        var sign = direction == ObjectiveDirection.Maximize ? 1 : -1;
        var before = values.Take(values.Count - ConvergenceWindow).Max(v => sign * v);
        var now = values.Max(v => sign * v);
        var spread = values.Max() - values.Min();
        return now - before <= ConvergenceTolerance * spread;
    }
}
