using System.Diagnostics;
using System.Globalization;
using Sagebrush.Core.Tests.Tuning.Search;
using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Bench.Tuning;

/// <summary>Bayesian vs Random: trials until one is within 1% of the optimum, one trial at a time.</summary>
internal static class TrialsToTarget
{
    public const int RandomBudget = 2_000_000;

    public static void Run(int seeds, int budget)
    {
        Console.WriteLine("| function | Bayesian median | reached | Random median | reached | Bayesian / Random | Bayesian seconds (all seeds) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var objective in new[] { SearchObjective.Branin, SearchObjective.Hartmann6 })
        {
            var clock = Stopwatch.StartNew();
            var bayesian = Enumerable.Range(0, seeds).Select(seed => (long?)SearchLoop.TrialsToTarget(
                SearchStrategies.Create(new SearchSettings("Bayesian", objective.Space, objective.Direction, seed)), objective, objective.OnePercent, budget)).ToList();
            var seconds = clock.Elapsed.TotalSeconds;
            var random = Enumerable.Range(0, seeds).Select(seed => RandomTrials(objective, seed)).ToList();
            Console.Error.WriteLine($"{objective.Name}: Bayesian {string.Join(" ", bayesian.Select(b => b?.ToString(CultureInfo.InvariantCulture) ?? "-"))}");
            Console.Error.WriteLine($"{objective.Name}: Random {string.Join(" ", random.Select(b => b?.ToString(CultureInfo.InvariantCulture) ?? "-"))}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {objective.Name} | {Stats.Median(bayesian, budget)} | {Stats.Reached(bayesian)} | {Stats.Median(random, RandomBudget)} | {Stats.Reached(random)} | {Stats.Ratio(bayesian, random, RandomBudget)} | {seconds:F1} |"));
        }
    }

    /// <summary>Random's trials to target, in batches of proposals (its k-th proposal depends only on the seed and k).</summary>
    private static long? RandomTrials(SearchObjective objective, int seed)
    {
        var search = SearchStrategies.Create(new SearchSettings("Random", objective.Space, objective.Direction, seed));
        const int batch = 4096;
        for (var start = 0; start < RandomBudget; start += batch)
        {
            var proposals = search.Propose(batch, new CountOnlyTrials(start));
            for (var k = 0; k < proposals.Count; k++)
            {
                if (objective.Reached(objective.Evaluate(proposals[k]), objective.OnePercent))
                {
                    return start + k + 1;
                }
            }
        }

        return null;
    }
}
