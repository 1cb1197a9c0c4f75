using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Core.Tests.Tuning.Search;

public class SearchRegionTests
{
    private static readonly ParameterEncoding Encoding = new(SearchObjective.DeceptiveCategorical.Space);

    // x (log), y (integer), then mode as one-hot: fast, good, safe.
    private static readonly double[] Center = [0.5, 0.5, 1, 0, 0];

    [Fact]
    public void TheBoxConfinesPointsWithTheCentersCategoriesAndSharesItsSideByLengthScale()
    {
        // y's length scale is 4 times x's: its side is 4 times as long (0.8 in all: 0.4 and 1.6, clipped).
        var region = SearchRegion.Around(Encoding, Center, 0.8, [0.1, 0.4, 1, 1, 1]);
        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var x = region.SampleLocal(random);
            Assert.Equal([1.0, 0, 0], x[2..]);
            Assert.InRange(x[0], 0.3, 0.7);
            Assert.InRange(x[1], 0, 1);
        }

        var clamped = region.Clamp([0.95, 0.5, 1, 0, 0]);
        Assert.Equal(0.7, clamped[0], 1e-12);
        Assert.Equal([0.5, 1, 0, 0], clamped[1..]);
    }

    [Fact]
    public void PointsWithOtherCategoriesMayGoAnywhere()
    {
        var region = SearchRegion.Around(Encoding, Center, 0.1, [0.2, 0.2, 1, 1, 1]);
        Assert.False(region.IsLocal([0.95, 0.05, 0, 1, 0]));
        Assert.Equal([0.95, 0.05, 0, 1, 0], region.Clamp([0.95, 0.05, 0, 1, 0]));
        var random = new Random(9);
        var far = Enumerable.Range(0, 300).Select(_ => region.Sample(random)).Where(x => !region.IsLocal(x)).ToList();
        Assert.Contains(far, x => Math.Abs(x[0] - 0.5) > 0.3);
        Assert.All(Enumerable.Range(0, 300).Select(_ => region.Sample(random)).Where(region.IsLocal), x => Assert.InRange(x[0], 0.45, 0.55));
    }
}
