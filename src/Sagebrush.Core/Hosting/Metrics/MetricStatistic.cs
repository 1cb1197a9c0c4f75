using System.Globalization;

namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>
/// A CloudWatch statistic: <c>SampleCount</c>, <c>Sum</c>, <c>Minimum</c>, <c>Maximum</c>, <c>Average</c>, or a
/// percentile written as CloudWatch's extended statistics are (<c>p50</c>, <c>p99</c>, <c>p99.9</c>).
/// </summary>
public sealed record MetricStatistic
{
    public const string SampleCount = "SampleCount";
    public const string Sum = "Sum";
    public const string Minimum = "Minimum";
    public const string Maximum = "Maximum";
    public const string Average = "Average";

    private MetricStatistic(string name, double? percentile)
    {
        Name = name;
        Percentile = percentile;
    }

    public string Name { get; }

    /// <summary>0 &lt; p ≤ 100 for a percentile statistic, otherwise null.</summary>
    public double? Percentile { get; }

    /// <exception cref="ArgumentException">Not a statistic CloudWatch knows.</exception>
    public static MetricStatistic Parse(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name is SampleCount or Sum or Minimum or Maximum or Average)
        {
            return new MetricStatistic(name, null);
        }

        if (name.Length > 1 && name[0] == 'p'
            && double.TryParse(name.AsSpan(1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percentile)
            && percentile > 0 && percentile <= 100)
        {
            return new MetricStatistic(name, percentile);
        }

        throw new ArgumentException(
            $"'{name}' is not a statistic: use SampleCount, Sum, Minimum, Maximum, Average or a percentile such as p99.", nameof(name));
    }

    public override string ToString() => Name;
}
