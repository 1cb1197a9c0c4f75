using System.Globalization;

namespace Sagebrush.Bench.Tuning;

internal static class Stats
{
    /// <summary>The median of censored counts (null = not reached within the budget), as text: "&gt; budget" when the median is censored.</summary>
    public static string Median(IReadOnlyList<long?> counts, long budget)
    {
        var sorted = counts.Select(c => c ?? long.MaxValue).Order().ToList();
        var middle = sorted.Count / 2;
        var (low, high) = sorted.Count % 2 == 1 ? (sorted[middle], sorted[middle]) : (sorted[middle - 1], sorted[middle]);
        return high == long.MaxValue ? $"> {budget.ToString("N0", CultureInfo.InvariantCulture)}" : ((low + high) / 2.0).ToString("N1", CultureInfo.InvariantCulture);
    }

    public static double? MedianValue(IReadOnlyList<long?> counts)
    {
        var sorted = counts.Select(c => c ?? long.MaxValue).Order().ToList();
        var middle = sorted.Count / 2;
        var (low, high) = sorted.Count % 2 == 1 ? (sorted[middle], sorted[middle]) : (sorted[middle - 1], sorted[middle]);
        return high == long.MaxValue ? null : (low + high) / 2.0;
    }

    public static string Reached(IReadOnlyList<long?> counts) => $"{counts.Count(c => c is not null)}/{counts.Count}";

    /// <summary>Median over median; when only the denominator's median is censored (beyond its budget), an upper bound.</summary>
    public static string Ratio(IReadOnlyList<long?> numerator, IReadOnlyList<long?> denominator, long denominatorBudget)
    {
        var (a, b) = (MedianValue(numerator), MedianValue(denominator));
        return (a, b) switch
        {
            ({ } x, { } y) => (x / y).ToString("0.000", CultureInfo.InvariantCulture) + "x",
            ({ } x, null) => "< " + (x / denominatorBudget).ToString("0.00000", CultureInfo.InvariantCulture) + "x",
            _ => "n/a (Bayesian median beyond its budget)",
        };
    }
}
