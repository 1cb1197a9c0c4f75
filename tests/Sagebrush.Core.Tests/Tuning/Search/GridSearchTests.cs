using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Core.Tests.Tuning.Search;

public class GridSearchTests
{
    private static readonly ParameterSpace Space = new([
        new CategoricalParameterRange("booster", ["gbtree", "dart"]),
        new CategoricalParameterRange("max_depth", ["3", "5", "7"]),
    ]);

    [Fact]
    public void GridProposesEveryCombinationOnceInOdometerOrderThenNothing()
    {
        var grid = SearchStrategies.Create(new SearchSettings("Grid", Space, ObjectiveDirection.Maximize, 0));
        var trials = new List<Trial>();
        while (grid.Propose(2, trials) is { Count: > 0 } batch)
        {
            trials.AddRange(batch.Select(h => new Trial($"t{trials.Count}", h, TrialState.Completed, [], 1)));
        }

        Assert.Equal(
            ["gbtree/3", "gbtree/5", "gbtree/7", "dart/3", "dart/5", "dart/7"],
            trials.Select(t => $"{t.HyperParameters["booster"]}/{t.HyperParameters["max_depth"]}"));
        Assert.Empty(grid.Propose(5, trials));
    }

    [Fact]
    public void GridSkipsCombinationsAlreadyTriedInAnyState()
    {
        var grid = new GridSearch(Space);
        var failed = new Trial("a", new Dictionary<string, string> { ["booster"] = "gbtree", ["max_depth"] = "3" }, TrialState.Failed, [], null);
        var running = new Trial("b", new Dictionary<string, string> { ["booster"] = "dart", ["max_depth"] = "5" }, TrialState.Running, [], null);
        var proposals = grid.Propose(10, [failed, running]);
        Assert.Equal(4, proposals.Count);
        Assert.Equal(6, grid.Size);
        Assert.DoesNotContain(proposals, p => p["booster"] == "dart" && p["max_depth"] == "5");
    }

    [Fact]
    public void GridRejectsNonCategoricalRanges()
    {
        var space = new ParameterSpace([new IntegerParameterRange("max_depth", 1, 5, ScalingType.Linear)]);
        Assert.Throws<ArgumentException>(() => SearchStrategies.Create(new SearchSettings("Grid", space, ObjectiveDirection.Maximize, 0)));
    }
}
