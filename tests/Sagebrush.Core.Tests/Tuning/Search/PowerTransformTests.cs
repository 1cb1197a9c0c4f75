using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Core.Tests.Tuning.Search;

public class PowerTransformTests
{
    [Fact]
    public void ASkewedLossIsSpreadAtItsGoodEndAndKeepsItsOrder()
    {
        // Validation losses as a tuning job sees them: most configurations near 0.05, a few learning rates far off.
        double[] losses = [0.048, 0.050, 0.052, 0.055, 0.058, 0.061, 0.070, 0.090, 0.300, 0.650, 0.690];
        var transformed = PowerTransform.Standardise(losses);
        Assert.Equal(Enumerable.Range(0, losses.Length), transformed.Select((v, i) => (v, i)).OrderBy(p => p.v).Select(p => p.i));
        Assert.Equal(0, transformed.Average(), 1e-9);
        Assert.Equal(1, Math.Sqrt(transformed.Average(v => v * v)), 1e-9);
        // Plain standardisation puts 0.048 and 0.061 0.05 standard deviations apart; the fitted power, several times that.
        var mean = losses.Average();
        var sd = Math.Sqrt(losses.Average(v => (v - mean) * (v - mean)));
        var plain = (losses[5] - losses[0]) / sd;
        Assert.True(transformed[5] - transformed[0] > 3 * plain, $"spread {transformed[5] - transformed[0]} against {plain}");
    }

    [Fact]
    public void SymmetricValuesAreLeftNearlyAlone()
    {
        double[] values = [-2, -1, -0.5, 0, 0.5, 1, 2];
        var transformed = PowerTransform.Standardise(values);
        var sd = Math.Sqrt(values.Average(v => v * v));
        Assert.All(values.Zip(transformed), p => Assert.Equal(p.First / sd, p.Second, 0.1));
    }

    [Fact]
    public void YeoJohnsonIsTheIdentityAtLambdaOneAndTheLogAtZero()
    {
        Assert.Equal(3.5, PowerTransform.YeoJohnson(3.5, 1), 1e-12);
        Assert.Equal(-3.5, PowerTransform.YeoJohnson(-3.5, 1), 1e-12);
        Assert.Equal(Math.Log(4.5), PowerTransform.YeoJohnson(3.5, 0), 1e-12);
        Assert.Equal(-Math.Log(4.5), PowerTransform.YeoJohnson(-3.5, 2), 1e-12);
    }
}
