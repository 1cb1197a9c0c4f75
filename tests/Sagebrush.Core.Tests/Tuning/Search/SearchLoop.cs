using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Core.Tests.Tuning.Search;

/// <summary>
/// Drives a strategy as a tuning job would, without jobs: keeps <c>parallel</c> trials running (the strategy sees
/// them as Running when it proposes), finishes the oldest, and stops once a value reaches the target. Shared with
/// the benchmark.
/// </summary>
public static class SearchLoop
{
    /// <summary>The number of trials until the first within <paramref name="tolerance"/> of the optimum (that trial counted), or null if none within <paramref name="maxTrials"/>.</summary>
    public static int? TrialsToTarget(ISearchStrategy strategy, SearchObjective objective, double tolerance, int maxTrials, int parallel = 1)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(objective);
        var trials = new List<Trial>();
        var running = new Queue<int>();
        var proposed = 0;
        while (true)
        {
            var wanted = Math.Min(parallel - running.Count, maxTrials - proposed);
            if (wanted > 0)
            {
                foreach (var proposal in strategy.Propose(wanted, trials))
                {
                    running.Enqueue(trials.Count);
                    trials.Add(new Trial($"trial-{trials.Count + 1:D4}", proposal, TrialState.Running, [], null));
                    proposed++;
                }
            }

            if (running.Count == 0)
            {
                return null;
            }

            var index = running.Dequeue();
            var value = objective.Evaluate(trials[index].HyperParameters);
            trials[index] = trials[index] with { State = TrialState.Completed, IntermediateValues = [value], FinalValue = value };
            if (objective.Reached(value, tolerance))
            {
                return index + 1;
            }
        }
    }

    /// <summary>
    /// Every value of a run of exactly <paramref name="maxTrials"/> trials (fewer if the strategy runs dry), indexed by
    /// trial in the order the strategy proposed them: the record the benchmark reads best-at-budget and
    /// trials-to-target from.
    /// </summary>
    public static IReadOnlyList<double> Run(ISearchStrategy strategy, Func<IReadOnlyDictionary<string, string>, double> evaluate, int maxTrials, int parallel = 1)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(evaluate);
        var trials = new List<Trial>();
        var values = new List<double>();
        var running = new Queue<int>();
        while (true)
        {
            var wanted = Math.Min(parallel - running.Count, maxTrials - trials.Count);
            if (wanted > 0)
            {
                foreach (var proposal in strategy.Propose(wanted, trials))
                {
                    running.Enqueue(trials.Count);
                    trials.Add(new Trial($"trial-{trials.Count + 1:D4}", proposal, TrialState.Running, [], null));
                    values.Add(double.NaN);
                }
            }

            if (running.Count == 0)
            {
                return values;
            }

            var index = running.Dequeue();
            var value = evaluate(trials[index].HyperParameters);
            values[index] = value;
            trials[index] = trials[index] with { State = TrialState.Completed, IntermediateValues = [value], FinalValue = value };
        }
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
