using System.Globalization;
using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Core.Tests.Tuning.Search;

public class InitialDesignTests
{
    [Fact]
    public void TheFirstDesignTriesEveryCategoryAndOneValueInEachStratumOfEachNumericRange()
    {
        var space = new ParameterSpace([
            new CategoricalParameterRange("kernel", ["linear", "rbf", "poly", "sigmoid", "cosine"]),
            new ContinuousParameterRange("c", 0, 1, ScalingType.Linear),
            new IntegerParameterRange("degree", 0, 99, ScalingType.Linear),
        ]);
        var encoding = new ParameterEncoding(space);
        Assert.Equal(8, InitialDesign.Size(encoding)); // 3 ranges + 1, and 4 for the kernel's extra values
        var design = Enumerable.Range(0, 8).Select(i => encoding.Decode(InitialDesign.First(encoding, seed: 3, i))).ToList();
        Assert.Equal(5, design.Select(h => h["kernel"]).Distinct().Count());
        Assert.All(design.GroupBy(h => h["kernel"]), g => Assert.InRange(g.Count(), 1, 2));
        Assert.Equal(8, design.Select(h => (int)(double.Parse(h["c"], CultureInfo.InvariantCulture) * 8)).Distinct().Count());
        Assert.Equal(8, design.Select(h => (int)(int.Parse(h["degree"], CultureInfo.InvariantCulture) / 12.5)).Distinct().Count());
        // Seeded: the same seed, the same design.
        Assert.Equal(design, Enumerable.Range(0, 8).Select(i => encoding.Decode(InitialDesign.First(encoding, seed: 3, i))).ToList());
    }

    [Fact]
    public void TheDesignHasRangesPlusOnePointsAndOneMorePerExtraCategory()
    {
        Assert.Equal(7, InitialDesign.Size(new ParameterEncoding(SearchObjective.Hartmann6.Space)));
        Assert.Equal(3, InitialDesign.Size(new ParameterEncoding(SearchObjective.Branin.Space)));
        Assert.Equal(10, InitialDesign.Size(new ParameterEncoding(SearchObjective.NetworkMix.Space)));
    }

    [Fact]
    public void ARestartGoesWhereNothingWasTried()
    {
        var space = new ParameterSpace([new ContinuousParameterRange("x", 0, 1, ScalingType.Linear), new ContinuousParameterRange("y", 0, 1, ScalingType.Linear)]);
        var encoding = new ParameterEncoding(space);
        // Everything tried so far is in the lower-left quarter.
        var tried = Enumerable.Range(0, 25).Select(i => new[] { (i % 5) * 0.1, (i / 5) * 0.1 }).ToList();
        var x = InitialDesign.AwayFrom(encoding, seed: 1, position: 25, tried);
        Assert.True(x[0] > 0.7 || x[1] > 0.7, $"restart point ({x[0]}, {x[1]})");
    }
}
