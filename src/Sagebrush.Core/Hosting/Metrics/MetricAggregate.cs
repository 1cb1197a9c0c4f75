namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>
/// CloudWatch's statistic set for one metric over some time (SampleCount, Sum, Minimum, Maximum) plus a histogram for
/// percentiles. Minutes merge into longer periods without loss.
/// </summary>
public sealed class MetricAggregate
{
    public long SampleCount { get; private set; }

    public double Sum { get; private set; }

    public double Minimum { get; private set; } = double.PositiveInfinity;

    public double Maximum { get; private set; } = double.NegativeInfinity;

    public LogHistogram Histogram { get; private set; } = new();

    public double Average => SampleCount == 0 ? double.NaN : Sum / SampleCount;

    public static MetricAggregate FromStored(long sampleCount, double sum, double minimum, double maximum, LogHistogram histogram) =>
        new() { SampleCount = sampleCount, Sum = sum, Minimum = minimum, Maximum = maximum, Histogram = histogram };

    public void Add(double value)
    {
        SampleCount++;
        Sum += value;
        Minimum = Math.Min(Minimum, value);
        Maximum = Math.Max(Maximum, value);
        Histogram.Add(value);
    }

    public void Merge(MetricAggregate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        SampleCount += other.SampleCount;
        Sum += other.Sum;
        Minimum = Math.Min(Minimum, other.Minimum);
        Maximum = Math.Max(Maximum, other.Maximum);
        Histogram.Merge(other.Histogram);
    }

    /// <summary>The statistic's value; percentiles are clamped to the exact minimum and maximum. NaN when empty.</summary>
    public double Get(MetricStatistic statistic)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        if (SampleCount == 0)
        {
            return double.NaN;
        }

        if (statistic.Percentile is { } percentile)
        {
            return Math.Clamp(Histogram.Percentile(percentile), Minimum, Maximum);
        }

        return statistic.Name switch
        {
            MetricStatistic.SampleCount => SampleCount,
            MetricStatistic.Sum => Sum,
            MetricStatistic.Minimum => Minimum,
            MetricStatistic.Maximum => Maximum,
            _ => Average,
        };
    }
}
