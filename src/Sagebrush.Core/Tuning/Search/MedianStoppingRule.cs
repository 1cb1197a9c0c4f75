namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// TrainingJobEarlyStoppingType Auto, SageMaker's documented rule: after each epoch t of a running job, take every
/// other job's running average of the objective over its first t values, and stop the job if its value is worse than
/// the median of those averages. "Its value" is the job's best value so far (as in Google Vizier's median rule), so
/// a noisy dip alone does not stop a good job. The rule waits until the job has reported
/// <see cref="MinSteps"/> values, at least <see cref="MinFinishedTrials"/> trials have ended (Completed or
/// Stopped), and at least <see cref="MinComparableTrials"/> other trials (Failed ones excluded) have reported t
/// values. Not supported: SageMaker's exact thresholds, which it does not publish.
/// </summary>
public sealed class MedianStoppingRule : IEarlyStoppingRule
{
    public MedianStoppingRule(ObjectiveDirection direction, int minSteps = 3, int minFinishedTrials = 3, int minComparableTrials = 3)
    {
        Direction = direction;
        MinSteps = Math.Max(1, minSteps);
        MinFinishedTrials = Math.Max(0, minFinishedTrials);
        MinComparableTrials = Math.Max(1, minComparableTrials);
    }

    public ObjectiveDirection Direction { get; }

    public int MinSteps { get; }

    public int MinFinishedTrials { get; }

    public int MinComparableTrials { get; }

    public IReadOnlyList<string> TrialsToStop(IReadOnlyList<Trial> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        if (trials.Count(t => t.State is TrialState.Completed or TrialState.Stopped) < MinFinishedTrials)
        {
            return [];
        }

        var stop = new List<string>();
        foreach (var trial in trials)
        {
            if (trial.State == TrialState.Running && ShouldStop(trial, trials))
            {
                stop.Add(trial.Id);
            }
        }

        return stop;
    }

    private bool ShouldStop(Trial trial, IReadOnlyList<Trial> trials)
    {
        var steps = trial.IntermediateValues.Count;
        if (steps < MinSteps)
        {
            return false;
        }

        var averages = new List<double>();
        foreach (var other in trials)
        {
            if (!ReferenceEquals(other, trial) && other.Id != trial.Id && other.State != TrialState.Failed && other.IntermediateValues.Count >= steps)
            {
                var average = RunningAverage(other.IntermediateValues, steps);
                if (double.IsFinite(average))
                {
                    averages.Add(average);
                }
            }
        }

        if (averages.Count < MinComparableTrials)
        {
            return false;
        }

        var best = BestSoFar(trial.IntermediateValues);
        var median = Median(averages);
        return double.IsFinite(best) && (Direction == ObjectiveDirection.Minimize ? best > median : best < median);
    }

    private double BestSoFar(IReadOnlyList<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count == 0 ? double.NaN : Direction == ObjectiveDirection.Minimize ? finite.Min() : finite.Max();
    }

    private static double RunningAverage(IReadOnlyList<double> values, int steps)
    {
        var sum = 0.0;
        for (var i = 0; i < steps; i++)
        {
            sum += values[i];
        }

        return sum / steps;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
