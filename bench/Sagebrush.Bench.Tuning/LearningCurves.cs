using System.Globalization;
using Sagebrush.Core.Tests.Tuning.Search;
using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Bench.Tuning;

/// <summary>
/// Hyperband against Random on synthetic learning curves, one trial at a time, counting epochs as time. A trial on
/// Branin's space reports y_t = f(x) + 60 s(x) (1/t - 1/R) at epoch t = 1..R (R = 27): it converges to Branin's value
/// f(x) at R, at a config-dependent speed s(x) in [0.5, 1.5], so early values rank configurations imperfectly. The
/// target is a trial that runs all R epochs and ends within 1% of Branin's optimum. Both strategies draw the same
/// configurations for a seed; Hyperband spends fewer epochs on the poor ones, and sometimes stops a good one.
/// </summary>
internal static class LearningCurves
{
    private const int Epochs = 27;
    private const int RandomBudget = 2_000_000;
    private const int HyperbandBudget = 60_000;

    public static double Value(IReadOnlyDictionary<string, string> h, int epoch)
    {
        var x1 = double.Parse(h["x1"], CultureInfo.InvariantCulture);
        var x2 = double.Parse(h["x2"], CultureInfo.InvariantCulture);
        var speed = 1 + (0.5 * Math.Sin((3 * x1) + (2 * x2)));
        return SearchObjective.BraninAt(x1, x2) + (60 * speed * ((1.0 / epoch) - (1.0 / Epochs)));
    }

    public static void Run(int seeds)
    {
        var objective = SearchObjective.Branin;
        var random = Enumerable.Range(0, seeds).Select(seed => RandomEpochs(objective, seed)).ToList();
        var hyperband = Enumerable.Range(0, seeds).Select(seed => HyperbandEpochs(objective, seed)).ToList();
        Console.Error.WriteLine($"curves: Random {string.Join(" ", random.Select(b => b?.ToString(CultureInfo.InvariantCulture) ?? "-"))}");
        Console.Error.WriteLine($"curves: Hyperband {string.Join(" ", hyperband.Select(b => b?.ToString(CultureInfo.InvariantCulture) ?? "-"))}");
        Console.WriteLine("| problem | Hyperband median epochs | reached | Random median epochs | reached | Hyperband / Random |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| Branin learning curves, R = {Epochs}, MinResource 1 | {Stats.Median(hyperband, (long)HyperbandBudget * Epochs)} | {Stats.Reached(hyperband)} | {Stats.Median(random, (long)RandomBudget * Epochs)} | {Stats.Reached(random)} | {Stats.Ratio(hyperband, random, (long)RandomBudget * Epochs)} |"));
    }

    private static long? RandomEpochs(SearchObjective objective, int seed)
    {
        var search = SearchStrategies.Create(new SearchSettings("Random", objective.Space, objective.Direction, seed));
        const int batch = 4096;
        for (var start = 0; start < RandomBudget; start += batch)
        {
            var proposals = search.Propose(batch, new CountOnlyTrials(start));
            for (var k = 0; k < proposals.Count; k++)
            {
                if (objective.Reached(Value(proposals[k], Epochs), objective.OnePercent))
                {
                    return (long)(start + k + 1) * Epochs;
                }
            }
        }

        return null;
    }

    private static long? HyperbandEpochs(SearchObjective objective, int seed)
    {
        var search = SearchStrategies.Create(new SearchSettings("Hyperband", objective.Space, objective.Direction, seed, new HyperbandSettings(1, Epochs)));
        var rungs = new HashSet<int>(((HyperbandSearch)search).Brackets.Rungs);
        var trials = new List<Trial>();
        long epochs = 0;
        while (trials.Count < HyperbandBudget)
        {
            var proposal = search.Propose(1, trials)[0];
            var index = trials.Count;
            var values = new List<double>(Epochs);
            trials.Add(new Trial($"trial-{index}", proposal, TrialState.Running, values, null));
            var stopped = false;
            for (var t = 1; t <= Epochs && !stopped; t++)
            {
                epochs++;
                values.Add(Value(proposal, t));
                stopped = rungs.Contains(t) && search.TrialsToStop(trials).Contains(trials[index].Id);
            }

            trials[index] = trials[index] with { State = stopped ? TrialState.Stopped : TrialState.Completed, FinalValue = values[^1] };
            if (!stopped && objective.Reached(values[^1], objective.OnePercent))
            {
                return epochs;
            }
        }

        return null;
    }
}
