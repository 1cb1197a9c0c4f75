using Sagebrush.Core.Hosting.Metrics;

namespace Sagebrush.Core.CloudWatch.Store;

/// <summary>
/// Turns stored samples into GetMetricStatistics' datapoints: one per period that holds samples, stamped with the
/// period's start (periods are aligned to the epoch, as CloudWatch aligns them), with the asked statistics.
/// Percentiles use the nearest rank over the period's single values; a period with only statistic sets has none.
/// </summary>
public static class PeriodAggregator
{
    public static IReadOnlyList<StatisticsDatapoint> Aggregate(IReadOnlyList<MetricSampleRow> samples, TimeSpan period, IReadOnlyList<string> statistics, IReadOnlyList<string> extendedStatistics)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(extendedStatistics);
        var points = new List<StatisticsDatapoint>();
        foreach (var bucket in samples.GroupBy(s => s.Timestamp.UtcTicks / period.Ticks).OrderBy(g => g.Key))
        {
            var rows = bucket.ToList();
            var count = rows.Sum(r => r.SampleCount);
            var sum = rows.Sum(r => r.Sum);
            var plain = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var statistic in statistics)
            {
                plain[statistic] = statistic switch
                {
                    MetricStatistic.SampleCount => count,
                    MetricStatistic.Sum => sum,
                    MetricStatistic.Minimum => rows.Min(r => r.Minimum),
                    MetricStatistic.Maximum => rows.Max(r => r.Maximum),
                    _ => count == 0 ? 0 : sum / count,
                };
            }

            var values = rows.Where(r => r.Value is not null).Select(r => r.Value!.Value).Order().ToArray();
            var extended = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var statistic in extendedStatistics)
            {
                if (values.Length > 0 && MetricStatistic.Parse(statistic).Percentile is { } p)
                {
                    extended[statistic] = values[Math.Clamp((int)Math.Ceiling(p / 100 * values.Length) - 1, 0, values.Length - 1)];
                }
            }

            points.Add(new StatisticsDatapoint(new DateTimeOffset(bucket.Key * period.Ticks, TimeSpan.Zero), plain, extended, rows[^1].Unit));
        }

        return points;
    }
}
