using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Core.Tests.Tuning.Search;

public class TrustRegionTests
{
    private const int Design = 4;

    /// <summary>A design of four values, then <paramref name="after"/> in order, at consecutive positions.</summary>
    private static List<(int Position, double Value)> History(params double[] after) =>
        [.. new double[] { 5, 4, 6, 3 }.Concat(after).Select((v, i) => (i, v))];

    [Fact]
    public void TheDesignSetsTheBestButNotTheCounters()
    {
        var region = TrustRegion.Replay(History(), Design, numericDimensions: 2);
        Assert.Equal(new TrustRegion(0, 0, TrustRegion.InitialLength), region);
    }

    [Fact]
    public void TheBoxHalvesAfterAsManyFailuresInARowAsTheToleranceAndDoublesAfterThreeImprovements()
    {
        Assert.Equal(3, TrustRegion.FailureTolerance(2));
        Assert.Equal(3, TrustRegion.FailureTolerance(6));
        Assert.Equal(5, TrustRegion.FailureTolerance(9));
        Assert.Equal(TrustRegion.InitialLength / 2, TrustRegion.Replay(History(9, 9, 9), Design, 2).Length);
        // Two failures, then an improvement: the failures are forgiven.
        Assert.Equal(TrustRegion.InitialLength, TrustRegion.Replay(History(9, 9, 2, 9, 9), Design, 2).Length);
        Assert.Equal(TrustRegion.InitialLength * 2, TrustRegion.Replay(History(2, 1, 0), Design, 2).Length);
        Assert.Equal(TrustRegion.MaxLength, TrustRegion.Replay(History(2, 1, 0, -1, -2, -3), Design, 2).Length);
    }

    [Fact]
    public void AnImprovementSmallerThanATenthOfAPercentOfTheRangeIsAFailure()
    {
        // Range 5 (3 to 9 after the first failure): 3 - 0.001 is not better by 0.005.
        Assert.Equal(TrustRegion.InitialLength / 2, TrustRegion.Replay(History(9, 2.999, 2.998), Design, 2).Length);
    }

    [Fact]
    public void ACollapsedBoxStartsANewEpochAtTheNextTrial()
    {
        // 0.8 halves five times to 0.025 (not below MinLength), the sixth halving restarts: 18 failures.
        var failures = Enumerable.Repeat(9.0, 18).ToArray();
        var region = TrustRegion.Replay(History(failures), Design, 2);
        Assert.Equal(new TrustRegion(Design + 18, 1, TrustRegion.InitialLength), region);
        var almost = TrustRegion.Replay(History(failures[..17]), Design, 2);
        Assert.Equal(0, almost.Epoch);
        Assert.Equal(TrustRegion.InitialLength / 32, almost.Length);
    }

    [Fact]
    public void ANewEpochStartsWithItsOwnDesignAndBest()
    {
        // After the restart, four design values (the first epoch's best, 3, is forgotten: 7 is the new best), then
        // three trials that do not beat 7: the new box halves once.
        double[] after = [.. Enumerable.Repeat(9.0, 18), 8, 7, 8, 9, 7.5, 8, 9];
        var region = TrustRegion.Replay(History(after), Design, 2);
        Assert.Equal(new TrustRegion(Design + 18, 1, TrustRegion.InitialLength / 2), region);
    }
}
