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

        // The median of the others' running averages depends only on the step (and leaves one trial out); jobs of
        // a tuning job report in step, so it is computed once per step from prefix sums.
        var prefixes = trials.Select(t => Prefix(t.IntermediateValues)).ToList();
        var medians = new Dictionary<int, List<(double Average, int Index)>>();
        var stop = new List<string>();
        for (var i = 0; i < trials.Count; i++)
        {
            var trial = trials[i];
            var steps = trial.IntermediateValues.Count;
            if (trial.State != TrialState.Running || steps < MinSteps)
            {
                continue;
            }

            if (!medians.TryGetValue(steps, out var averages))
            {
                averages = [];
                for (var j = 0; j < trials.Count; j++)
                {
                    var average = prefixes[j][Math.Min(steps, prefixes[j].Length - 1)] / steps;
                    if (trials[j].State != TrialState.Failed && trials[j].IntermediateValues.Count >= steps && double.IsFinite(average))
                    {
                        averages.Add((average, j));
                    }
                }

                medians[steps] = averages;
            }

            var others = averages.Where(a => a.Index != i && trials[a.Index].Id != trial.Id).Select(a => a.Average).ToList();
            if (others.Count < MinComparableTrials)
            {
                continue;
            }

            var best = BestSoFar(trial.IntermediateValues);
            var median = Median(others);
            if (double.IsFinite(best) && (Direction == ObjectiveDirection.Minimize ? best > median : best < median))
            {
                stop.Add(trial.Id);
            }
        }

        return stop;
    }

    /// <summary>prefix[k] = sum of the first k values.</summary>
    private static double[] Prefix(IReadOnlyList<double> values)
    {
        var prefix = new double[values.Count + 1];
        for (var k = 0; k < values.Count; k++)
        {
            prefix[k + 1] = prefix[k] + values[k];
        }

        return prefix;
    }

    private double BestSoFar(IReadOnlyList<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count == 0 ? double.NaN : Direction == ObjectiveDirection.Minimize ? finite.Min() : finite.Max();
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
