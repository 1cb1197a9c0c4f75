using System.Globalization;
using Sagebrush.Bench.Tuning;

// Hyperparameter-search benchmark: prints markdown tables for docs/benchmarks.md (per-seed detail on stderr).
//   Sagebrush.Bench.Tuning [seeds=20] [bayesian-budget=200] [part=all|suite|trials|curves|time] [optuna_tpe.py] [suite problems: Branin,Network,...] [suite methods: Sagebrush,Optuna TPE,...]
var seeds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var budget = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var part = args.Length > 2 ? args[2] : "all";

if (part is "all" or "suite")
{
    var script = args.Length > 3 ? args[3] : Path.Combine(AppContext.BaseDirectory, "..", "..", "bench", "tuning", "optuna_tpe.py");
    Console.WriteLine($"### The tuning suite: best objective after {Suite.SmallBudget} and {Suite.Budget} trials, median over {seeds} seeds, Sagebrush against Optuna's TPE");
    Console.WriteLine();
    Suite.Run(seeds, script, args.Length > 4 ? args[4].Split(',', StringSplitOptions.RemoveEmptyEntries) : [], args.Length > 5 ? args[5].Split(',', StringSplitOptions.RemoveEmptyEntries) : []);
}

if (part is "all" or "trials")
{
    Console.WriteLine($"### Trials to within 1% of the optimum, median over {seeds} seeds (Bayesian budget {budget}, Random budget {TrialsToTarget.RandomBudget:N0})");
    Console.WriteLine();
    TrialsToTarget.Run(seeds, budget);
    Console.WriteLine();
}

if (part is "all" or "curves")
{
    Console.WriteLine($"### Hyperband vs Random: epochs until a completed trial is within 1% of the optimum, median over {seeds} seeds");
    Console.WriteLine();
    LearningCurves.Run(seeds);
    Console.WriteLine();
}

if (part is "all" or "time")
{
    Console.WriteLine("### Strategy time per call (the scheduler's own overhead per trial)");
    Console.WriteLine();
    ProposalTime.Run();
}
