using System.Globalization;
using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Core.Tests.Tuning.Search;

public class ParameterEncodingTests
{
    private static double Value(IReadOnlyDictionary<string, string> h, string name) => double.Parse(h[name], CultureInfo.InvariantCulture);

    private static List<IReadOnlyDictionary<string, string>> Draws(ParameterSpace space, int count, int seed = 7) =>
        [.. new RandomSearch(space, seed).Propose(count, [])];

    [Fact]
    public void LogarithmicRangesSampleEvenlyInLogSpace()
    {
        var space = new ParameterSpace([new ContinuousParameterRange("eta", 0.0001, 1, ScalingType.Logarithmic)]);
        var decades = new int[4];
        foreach (var draw in Draws(space, 4000))
        {
            var value = Value(draw, "eta");
            Assert.InRange(value, 0.0001, 1);
            decades[Math.Min(3, (int)Math.Floor(Math.Log10(value) + 4))]++;
        }

        // Each decade holds a quarter of the draws (a linear scale would put 90% in the top decade).
        Assert.All(decades, n => Assert.InRange(n, 850, 1150));
    }

    [Fact]
    public void ReverseLogarithmicRangesCrowdTowardsOne()
    {
        var space = new ParameterSpace([new ContinuousParameterRange("momentum", 0, 0.999, ScalingType.ReverseLogarithmic)]);
        var values = Draws(space, 3000).Select(d => Value(d, "momentum")).ToList();
        Assert.All(values, v => Assert.InRange(v, 0, 0.999));
        // 1 - v is log-uniform on [0.001, 1]: a third of the draws above 0.99, a third below 0.9.
        Assert.InRange(values.Count(v => v > 0.99), 850, 1150);
        Assert.InRange(values.Count(v => v < 0.9), 850, 1150);
    }

    [Fact]
    public void IntegerRangesGiveWholeNumbersWithEveryValueEquallyLikely()
    {
        // A continuous range beside it keeps Random from avoiding repeats (which it does only in finite spaces).
        var space = new ParameterSpace([new IntegerParameterRange("max_depth", 2, 6, ScalingType.Linear), new ContinuousParameterRange("x", 0, 1, ScalingType.Linear)]);
        var counts = Draws(space, 5000).GroupBy(d => d["max_depth"]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(["2", "3", "4", "5", "6"], counts.Keys.Order());
        Assert.All(counts.Values, n => Assert.InRange(n, 850, 1150));
    }

    [Fact]
    public void LogarithmicIntegerRangesStayIntegralAndWithinBounds()
    {
        var space = new ParameterSpace([new IntegerParameterRange("num_round", 1, 1000, ScalingType.Logarithmic), new ContinuousParameterRange("x", 0, 1, ScalingType.Linear)]);
        var values = Draws(space, 2000).Select(d => long.Parse(d["num_round"], CultureInfo.InvariantCulture)).ToList();
        Assert.All(values, v => Assert.InRange(v, 1, 1000));
        // Log-uniform over the cells [0.5, 1000.5]: P(v <= 31) = ln(63) / ln(2001) = 0.545.
        Assert.InRange(values.Count(v => v <= 31), 990, 1190);
    }

    [Fact]
    public void AutoScalingIsLogarithmicOnlyForPositiveRangesSpanningTwoDecades()
    {
        Assert.Equal(ScalingType.Logarithmic, NumericScale.Resolve(0.001, 0.1, ScalingType.Auto, integer: false));
        Assert.Equal(ScalingType.Linear, NumericScale.Resolve(0.1, 0.9, ScalingType.Auto, integer: false));
        Assert.Equal(ScalingType.Linear, NumericScale.Resolve(0, 1000, ScalingType.Auto, integer: true));
    }

    [Fact]
    public void LogarithmicScalingOnARangeReachingZeroIsRejected()
    {
        Assert.Throws<ArgumentException>(() => new ParameterEncoding(new ParameterSpace([new ContinuousParameterRange("a", 0, 1, ScalingType.Logarithmic)])));
        Assert.Throws<ArgumentException>(() => new ParameterEncoding(new ParameterSpace([new ContinuousParameterRange("b", 0.5, 1, ScalingType.ReverseLogarithmic)])));
    }

    [Fact]
    public void ValuesAreFormattedAsSageMakerPassesThem()
    {
        var encoding = new ParameterEncoding(new ParameterSpace([
            new IntegerParameterRange("depth", 1, 12, ScalingType.Linear),
            new ContinuousParameterRange("eta", 0.00001, 0.001, ScalingType.Logarithmic),
            new CategoricalParameterRange("booster", ["gbtree", "dart"]),
        ]));
        var decoded = encoding.Decode([1.0, 0.0, 0.0, 1.0]);
        Assert.Equal("12", decoded["depth"]);
        Assert.Equal("0.00001", decoded["eta"]);
        Assert.Equal("dart", decoded["booster"]);
        Assert.True(encoding.TryEncode(decoded, out var point));
        Assert.Equal(decoded, encoding.Decode(point));
    }

    [Fact]
    public void AHyperparameterSetOutsideTheSpaceDoesNotEncode()
    {
        var encoding = new ParameterEncoding(new ParameterSpace([new CategoricalParameterRange("booster", ["gbtree", "dart"])]));
        Assert.False(encoding.TryEncode(new Dictionary<string, string> { ["booster"] = "gblinear" }, out _));
        Assert.False(encoding.TryEncode(new Dictionary<string, string>(), out _));
    }
}
