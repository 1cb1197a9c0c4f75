using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Core.Tests.Tuning.Search;

public class SearchStrategiesTests
{
    private static readonly ParameterSpace Mixed = new([
        new CategoricalParameterRange("booster", ["gbtree", "dart", "gblinear"]),
        new IntegerParameterRange("max_depth", 1, 10, ScalingType.Auto),
        new ContinuousParameterRange("eta", 0.001, 1, ScalingType.Auto),
    ]);

    /// <summary>Runs a strategy for a few rounds of batches against a fixed function and returns every proposal in order.</summary>
    private static List<string> Sequence(string strategy, int seed)
    {
        var search = SearchStrategies.Create(new SearchSettings(strategy, Mixed, ObjectiveDirection.Minimize, seed, new HyperbandSettings(1, 9)));
        var trials = new List<Trial>();
        for (var round = 0; round < 4; round++)
        {
            foreach (var h in search.Propose(3, trials))
            {
                var value = double.Parse(h["eta"], System.Globalization.CultureInfo.InvariantCulture) + h["max_depth"].Length;
                trials.Add(new Trial($"t{trials.Count}", h, TrialState.Completed, [value], value));
            }
        }

        return [.. trials.Select(t => string.Join(",", t.HyperParameters.Select(p => $"{p.Key}={p.Value}")))];
    }

    [Theory]
    [InlineData("Random")]
    [InlineData("Bayesian")]
    [InlineData("Hyperband")]
    public void TheSameRandomSeedGivesTheSameSequenceOfProposals(string strategy)
    {
        var first = Sequence(strategy, 42);
        Assert.Equal(12, first.Count);
        Assert.Equal(first, Sequence(strategy, 42));
        Assert.NotEqual(first, Sequence(strategy, 43));
    }

    [Fact]
    public void RandomProposalsDoNotDependOnHowCallsAreBatched()
    {
        var search = new RandomSearch(Mixed, 5);
        var oneCall = search.Propose(4, []);
        var trials = new List<Trial>();
        for (var i = 0; i < 4; i++)
        {
            trials.Add(new Trial($"t{i}", search.Propose(1, trials)[0], TrialState.Running, [], null));
        }

        Assert.Equal(oneCall, trials.Select(t => t.HyperParameters));
    }

    [Fact]
    public void AnUnknownStrategyOrHyperbandWithoutResourcesIsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => SearchStrategies.Create(new SearchSettings("Annealing", Mixed, ObjectiveDirection.Minimize, 0)));
        Assert.Throws<ArgumentException>(() => SearchStrategies.Create(new SearchSettings("Hyperband", Mixed, ObjectiveDirection.Minimize, 0)));
    }

    [Fact]
    public void RandomAvoidsRepeatsInASmallDiscreteSpaceUntilItIsUsedUp()
    {
        var space = new ParameterSpace([new IntegerParameterRange("k", 1, 4, ScalingType.Linear), new CategoricalParameterRange("c", ["a", "b"])]);
        var search = new RandomSearch(space, 1);
        var trials = new List<Trial>();
        for (var i = 0; i < 8; i++)
        {
            trials.Add(new Trial($"t{i}", search.Propose(1, trials)[0], TrialState.Completed, [], 0));
        }

        Assert.Equal(8, trials.Select(t => $"{t.HyperParameters["k"]}{t.HyperParameters["c"]}").Distinct().Count());
        Assert.Single(search.Propose(1, trials));
    }
}
