using System.Diagnostics;
using System.Globalization;
using Sagebrush.Core.Tests.Tuning.Search;
using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Bench.Tuning;

/// <summary>
/// The tuning suite, side by side in one run: Sagebrush's Bayesian (one trial at a time and three in parallel),
/// Sagebrush's Random, and Optuna's TPE (one and three in parallel) on every problem, the same seeds, runs of
/// <see cref="Budget"/> trials. Prints, per problem, the median best objective after 20 and after 50 trials and the
/// trials each needed to come within 1% of the optimum.
/// </summary>
internal static class Suite
{
    public const int Budget = 50;
    public const int SmallBudget = 20;

    private static readonly (string Name, string Strategy, int Parallel)[] Methods =
    [
        ("Sagebrush Bayesian", "Bayesian", 1),
        ("Sagebrush Bayesian, 3 parallel", "Bayesian", 3),
        ("Sagebrush Random", "Random", 1),
        ("Optuna TPE", "TPE", 1),
        ("Optuna TPE, 3 parallel", "TPE", 3),
    ];

    /// <param name="only">Problem-name prefixes to run (empty: the whole suite), for looking at one problem quickly.</param>
    /// <param name="methods">Method-name prefixes to run (empty: all).</param>
    public static void Run(int seeds, string optunaScript, IReadOnlyList<string> only, IReadOnlyList<string> methods)
    {
        using var xgboost = new XGBoostProblem();
        using var optuna = new OptunaTpe(optunaScript);
        SearchObjective[] problems =
        [
            SearchObjective.Branin, SearchObjective.Hartmann6, SearchObjective.CategoricalMix, SearchObjective.DeceptiveCategorical,
            SearchObjective.NetworkMix, xgboost.Objective,
        ];
        foreach (var problem in problems.Where(p => only.Count == 0 || only.Any(o => p.Name.StartsWith(o, StringComparison.OrdinalIgnoreCase))))
        {
            var runs = new Dictionary<string, List<IReadOnlyList<double>>>();
            var seconds = new Dictionary<string, double>();
            foreach (var (name, strategy, parallel) in Methods.Where(m => methods.Count == 0 || methods.Any(o => m.Name.StartsWith(o, StringComparison.OrdinalIgnoreCase))))
            {
                var clock = Stopwatch.StartNew();
                runs[name] = [.. Enumerable.Range(0, seeds).Select(seed =>
                {
                    ISearchStrategy search = strategy == "TPE"
                        ? optuna.Start(problem.Space, problem.Direction, seed)
                        : SearchStrategies.Create(new SearchSettings(strategy, problem.Space, problem.Direction, seed));
                    return SearchLoop.Run(search, problem.Evaluate, Budget, parallel);
                })];
                seconds[name] = clock.Elapsed.TotalSeconds;
            }

            // The real problem's optimum is the best value any run found.
            var optimum = double.IsNaN(problem.Optimum)
                ? runs.Values.SelectMany(r => r).SelectMany(v => v).Aggregate((a, b) => problem.AtLeastAsGood(a, b) ? a : b)
                : problem.Optimum;
            var target = problem with { Optimum = optimum };
            Print(target, runs, seconds);
        }
    }

    private static void Print(SearchObjective problem, Dictionary<string, List<IReadOnlyList<double>>> runs, Dictionary<string, double> seconds)
    {
        var note = problem.Scale is { } scale ? $", 1% of {scale.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"#### {problem.Name} ({problem.Direction.ToString().ToLowerInvariant()}, optimum {problem.Optimum:G6}{note}, target {Target(problem):G6})"));
        Console.WriteLine();
        Console.WriteLine($"| method | median best, {SmallBudget} trials | median best, {Budget} trials | trials to 1%, median | reached 1% within {Budget} | seconds, all seeds |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, values) in runs)
        {
            var best20 = values.Select(v => Best(problem, v.Take(SmallBudget))).ToList();
            var best50 = values.Select(v => Best(problem, v)).ToList();
            var hits = values.Select(v => TrialsTo(problem, v)).ToList();
            Console.Error.WriteLine($"{problem.Name} | {name} | best@{SmallBudget} {string.Join(' ', best20.Select(Format))} | best@{Budget} {string.Join(' ', best50.Select(Format))} | to 1% {string.Join(' ', hits.Select(h => h?.ToString(CultureInfo.InvariantCulture) ?? "-"))}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Format(SearchLoop.Median(best20))} | {Format(SearchLoop.Median(best50))} | {Stats.Median(hits, Budget)} | {Stats.Reached(hits)} | {seconds[name]:F1} |"));
        }

        Console.WriteLine();
    }

    private static double Best(SearchObjective problem, IEnumerable<double> values) =>
        values.Where(double.IsFinite).Aggregate((a, b) => problem.AtLeastAsGood(a, b) ? a : b);

    private static long? TrialsTo(SearchObjective problem, IReadOnlyList<double> values)
    {
        for (var k = 0; k < values.Count; k++)
        {
            if (problem.Reached(values[k], problem.OnePercent))
            {
                return k + 1;
            }
        }

        return null;
    }

    private static double Target(SearchObjective problem) =>
        problem.Direction == ObjectiveDirection.Minimize ? problem.Optimum + problem.OnePercent : problem.Optimum - problem.OnePercent;

    private static string Format(double value) => value.ToString("0.#####", CultureInfo.InvariantCulture);
}
