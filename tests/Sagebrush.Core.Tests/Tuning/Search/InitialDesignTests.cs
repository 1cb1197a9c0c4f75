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
        Assert.Equal(5, InitialDesign.Size(encoding));
        var design = Enumerable.Range(0, 5).Select(i => encoding.Decode(InitialDesign.First(encoding, seed: 3, i))).ToList();
        Assert.Equal(5, design.Select(h => h["kernel"]).Distinct().Count());
        Assert.Equal(5, design.Select(h => (int)(double.Parse(h["c"], CultureInfo.InvariantCulture) * 5)).Distinct().Count());
        Assert.Equal(5, design.Select(h => int.Parse(h["degree"], CultureInfo.InvariantCulture) / 20).Distinct().Count());
        // Seeded: the same seed, the same design.
        Assert.Equal(design, Enumerable.Range(0, 5).Select(i => encoding.Decode(InitialDesign.First(encoding, seed: 3, i))).ToList());
    }

    [Fact]
    public void TheDesignHasAtLeastRangesPlusOnePoints()
    {
        Assert.Equal(7, InitialDesign.Size(new ParameterEncoding(SearchObjective.Hartmann6.Space)));
        Assert.Equal(3, InitialDesign.Size(new ParameterEncoding(SearchObjective.Branin.Space)));
        Assert.Equal(6, InitialDesign.Size(new ParameterEncoding(SearchObjective.NetworkMix.Space)));
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
