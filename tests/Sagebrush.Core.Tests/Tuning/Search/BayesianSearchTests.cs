using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Core.Tests.Tuning.Search;

/// <summary>
/// Bayesian against Random on known functions: the median, over fixed seeds, of the trials needed to come within a
/// tolerance of the optimum. Budgets are small so the class runs in seconds; a search that misses counts as
/// budget + 1. bench/tuning-search.sh runs the same comparison at 1% over 20 seeds.
/// </summary>
public class BayesianSearchTests
{
    private static readonly int[] Seeds = [0, 1, 2, 3, 4];

    private static double MedianTrials(string strategy, SearchObjective objective, double tolerance, int budget, int parallel = 1) =>
        SearchLoop.Median(Seeds.Select(seed =>
            (double)(SearchLoop.TrialsToTarget(
                SearchStrategies.Create(new SearchSettings(strategy, objective.Space, objective.Direction, seed)), objective, tolerance, budget, parallel) ?? budget + 1)));

    [Fact]
    public void BayesianNeedsAtMostHalfTheTrialsOfRandomOnBraninToOnePercent()
    {
        var objective = SearchObjective.Branin;
        var bayesian = MedianTrials("Bayesian", objective, objective.OnePercent, budget: 80);
        var random = MedianTrials("Random", objective, objective.OnePercent, budget: 2000);
        Assert.True(bayesian <= 0.5 * random, $"Bayesian median {bayesian} trials, Random {random}");
    }

    [Fact]
    public void BayesianNeedsAtMostHalfTheTrialsOfRandomOnHartmann6()
    {
        var objective = SearchObjective.Hartmann6;
        var bayesian = MedianTrials("Bayesian", objective, 0.5, budget: 60);
        var random = MedianTrials("Random", objective, 0.5, budget: 2000);
        Assert.True(bayesian <= 0.5 * random, $"Bayesian median {bayesian} trials, Random {random}");
    }

    [Fact]
    public void BayesianMaximisesACategoricalMixFasterThanRandom()
    {
        var objective = SearchObjective.CategoricalMix;
        var bayesian = MedianTrials("Bayesian", objective, 0.01, budget: 60);
        var random = MedianTrials("Random", objective, 0.01, budget: 2000);
        Assert.True(bayesian <= 0.5 * random, $"Bayesian median {bayesian} trials, Random {random}");
    }

    [Fact]
    public void BayesianFindsTheWellOfACategoryThatScoresWorstWhereTheOthersAreBest()
    {
        var objective = SearchObjective.DeceptiveCategorical;
        var bayesian = MedianTrials("Bayesian", objective, objective.OnePercent, budget: 50);
        var random = MedianTrials("Random", objective, objective.OnePercent, budget: 2000);
        Assert.True(bayesian <= 50 && bayesian <= 0.5 * random, $"Bayesian median {bayesian} trials, Random {random}");
    }

    [Fact]
    public void TheFirstTrialsTryEveryCategory()
    {
        var objective = SearchObjective.NetworkMix;
        var search = new BayesianSearch(objective.Space, objective.Direction, 4);
        var first = search.Propose(search.InitialDesignSize, []);
        Assert.Equal(3, first.Select(h => h["optimizer"]).Distinct().Count());
        Assert.Equal(3, first.Select(h => h["activation"]).Distinct().Count());
    }

    [Fact]
    public void BayesianStillBeatsRandomWhenProposingBatchesForParallelTrials()
    {
        var objective = SearchObjective.CategoricalMix;
        var bayesian = MedianTrials("Bayesian", objective, 0.01, budget: 80, parallel: 4);
        var random = MedianTrials("Random", objective, 0.01, budget: 2000, parallel: 4);
        Assert.True(bayesian <= 0.5 * random, $"Bayesian median {bayesian} trials, Random {random}");
    }

    [Fact]
    public void ABatchSpreadsOutInsteadOfRepeatingOnePoint()
    {
        var objective = SearchObjective.Branin;
        var search = new BayesianSearch(objective.Space, objective.Direction, 3);
        var trials = new List<Trial>();
        foreach (var h in new RandomSearch(objective.Space, 11).Propose(10, []))
        {
            var v = objective.Evaluate(h);
            trials.Add(new Trial($"t{trials.Count}", h, TrialState.Completed, [v], v));
        }

        var batch = search.Propose(4, trials);
        Assert.Equal(4, batch.Count);
        Assert.Equal(4, batch.Select(h => $"{h["x1"]},{h["x2"]}").Distinct().Count());
    }

    [Fact]
    public void FailedTrialsAreIgnoredAndWarmStartParentsCountAsObservations()
    {
        var objective = SearchObjective.CategoricalMix;
        var search = new BayesianSearch(objective.Space, objective.Direction, 0);
        // Parents from an earlier tuning job (warm start): enough observations that the model proposes at once.
        var trials = new RandomSearch(objective.Space, 99).Propose(12, [])
            .Select((h, i) => new Trial($"parent-{i}", h, TrialState.Completed, [], objective.Evaluate(h))).ToList();
        var failed = new Dictionary<string, string> { ["booster"] = "dart", ["eta"] = "0.5", ["subsample"] = "0.5" };
        trials.Add(new Trial("failed", failed, TrialState.Failed, [], null));
        var proposal = search.Propose(1, trials).Single();
        Assert.NotEqual(failed, proposal);
        // Model-driven from the first trial: not the random draw the initial design would have made.
        Assert.NotEqual(new RandomSearch(objective.Space, 0).Propose(1, trials).Single(), proposal);
    }

    [Fact]
    public void IntegerAndCategoricalOnlySpacesAreNotProposedTwice()
    {
        var space = new ParameterSpace([new IntegerParameterRange("k", 1, 3, ScalingType.Linear), new CategoricalParameterRange("c", ["a", "b"])]);
        var search = new BayesianSearch(space, ObjectiveDirection.Minimize, 0);
        var trials = new List<Trial>();
        for (var i = 0; i < 6; i++)
        {
            var h = search.Propose(1, trials).Single();
            var v = int.Parse(h["k"], System.Globalization.CultureInfo.InvariantCulture) + (h["c"] == "a" ? 0.5 : 0);
            trials.Add(new Trial($"t{i}", h, TrialState.Completed, [v], v));
        }

        Assert.Equal(6, trials.Select(t => $"{t.HyperParameters["k"]}{t.HyperParameters["c"]}").Distinct().Count());
    }
}
