using System.Diagnostics;
using System.Globalization;
using Sagebrush.Core.Tests.Tuning.Search;
using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Bench.Tuning;

/// <summary>
/// Wall time of one strategy call with a history of n trials (median of 5 calls after a warm-up). Bayesian's
/// histories are ordered worst to best, so every trial improves on the last, the trust region never restarts and
/// the model is fitted on the whole history: the slowest case (a restart leaves a smaller epoch to model).
/// </summary>
internal static class ProposalTime
{
    public static void Run()
    {
        Console.WriteLine("| call | history | median ms |");
        Console.WriteLine("|---|---|---|");
        var hartmann = SearchObjective.Hartmann6;
        foreach (var n in new[] { 10, 50, 100, 200, 400 })
        {
            var trials = WorstToBest(hartmann, n);
            var bayesian = SearchStrategies.Create(new SearchSettings("Bayesian", hartmann.Space, hartmann.Direction, 1));
            Row($"Bayesian Propose(1), Hartmann-6 (6 ranges)", n, () => bayesian.Propose(1, trials));
            if (n == 100)
            {
                Row($"Bayesian Propose(10), Hartmann-6", n, () => bayesian.Propose(10, trials));
            }
        }

        var mix = SearchObjective.CategoricalMix;
        var mixTrials = WorstToBest(mix, 100);
        var mixSearch = SearchStrategies.Create(new SearchSettings("Bayesian", mix.Space, mix.Direction, 1));
        Row("Bayesian Propose(1), categorical mix (3 ranges, 5 coordinates)", 100, () => mixSearch.Propose(1, mixTrials));
        var random = SearchStrategies.Create(new SearchSettings("Random", hartmann.Space, hartmann.Direction, 1));
        var thousand = History(hartmann, 1000);
        Row("Random Propose(1)", 1000, () => random.Propose(1, thousand));
        var curves = Curves(1000);
        var hyperband = SearchStrategies.Create(new SearchSettings("Hyperband", SearchObjective.Branin.Space, ObjectiveDirection.Minimize, 1, new HyperbandSettings(1, 27)));
        Row("Hyperband TrialsToStop (27 values each)", 1000, () => hyperband.TrialsToStop(curves));
        var median = EarlyStopping.Create(ObjectiveDirection.Minimize);
        Row("Median rule TrialsToStop (27 values each)", 1000, () => median.TrialsToStop(curves));
    }

    private static void Row(string call, int n, Action action)
    {
        action();
        var samples = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {call} | {n} | {samples.Order().ElementAt(2):F1} |"));
    }

    private static List<Trial> History(SearchObjective objective, int n) =>
        [.. SearchStrategies.Create(new SearchSettings("Random", objective.Space, objective.Direction, 123)).Propose(n, [])
            .Select((h, i) => new Trial($"t{i}", h, TrialState.Completed, [objective.Evaluate(h)], objective.Evaluate(h)))];

    private static List<Trial> WorstToBest(SearchObjective objective, int n) =>
        [.. History(objective, n).OrderBy(t => objective.Direction == ObjectiveDirection.Minimize ? -t.FinalValue!.Value : t.FinalValue!.Value)
            .Select((t, i) => t with { Id = $"t{i}" })];

    /// <summary>1000 trials with learning curves, every third still running.</summary>
    private static List<Trial> Curves(int n) =>
        [.. SearchStrategies.Create(new SearchSettings("Random", SearchObjective.Branin.Space, ObjectiveDirection.Minimize, 7)).Propose(n, [])
            .Select((h, i) => new Trial(
                $"t{i}",
                h,
                i % 3 == 0 ? TrialState.Running : TrialState.Completed,
                [.. Enumerable.Range(1, 27).Select(t => LearningCurves.Value(h, t))],
                i % 3 == 0 ? null : LearningCurves.Value(h, 27)))];
}
