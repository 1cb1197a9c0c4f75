using Sagebrush.Core.Hosting.Metrics;

namespace Sagebrush.Core.Tests.Hosting.Metrics;

public sealed class LogHistogramTests
{
    [Fact]
    public void PercentilesAreWithinOnePercentOfTheNearestRankSample()
    {
        var random = new Random(42);
        var values = Enumerable.Range(0, 10_000).Select(_ => Math.Exp(random.NextDouble() * 12)).ToArray();
        var histogram = new LogHistogram();
        foreach (var value in values)
        {
            histogram.Add(value);
        }

        Array.Sort(values);
        foreach (var percentile in new[] { 1.0, 50, 90, 99, 99.9 })
        {
            var exact = values[(int)Math.Ceiling(percentile / 100 * values.Length) - 1];
            Assert.InRange(histogram.Percentile(percentile), exact * 0.99, exact * 1.01);
        }
    }

    [Fact]
    public void ZerosAndFractionsHaveBuckets()
    {
        var histogram = new LogHistogram();
        histogram.Add(0);
        histogram.Add(0);
        histogram.Add(0.25);

        Assert.Equal(0, histogram.Percentile(50));
        Assert.InRange(histogram.Percentile(100), 0.2475, 0.2525);
    }

    [Fact]
    public void BytesRoundTripAndMergesAddCounts()
    {
        var first = new LogHistogram();
        first.Add(10);
        first.Add(1000);
        var second = LogHistogram.FromBytes(first.ToBytes());
        second.Merge(first);

        Assert.Equal(4, second.Count);
        Assert.InRange(second.Percentile(50), 9.9, 10.1);
        Assert.Throws<FormatException>(() => LogHistogram.FromBytes(new byte[5]));
        Assert.True(double.IsNaN(new LogHistogram().Percentile(50)));
    }
}
