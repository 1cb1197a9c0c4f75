using System.Globalization;
using Sagebrush.Core.CloudWatch.Shapes;
using Sagebrush.Core.CloudWatch.Store;
using Sagebrush.Core.Common;

namespace Sagebrush.Core.CloudWatch;

/// <summary>
/// PutMetricData's rules, in CloudWatch's words: a namespace of its own (not <c>AWS/</c>), 1 to 1,000 datums, each
/// with exactly one of Value, StatisticValues or Values (Counts as long as Values), finite numbers, at most 30
/// dimensions, a standard unit, and a timestamp within the past two weeks and the next two hours. Turns the datums
/// into the store's rows, one per value (a value with a count of n is one row of n samples) or statistic set.
/// </summary>
public static class MetricDataCheck
{
    public static readonly IReadOnlySet<string> StandardUnits = new HashSet<string>(StringComparer.Ordinal)
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits",
        "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
        "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
        "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    };

    public static IEnumerable<(MetricKey Key, List<MetricSampleRow> Rows)> Rows(PutMetricDataRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var metricNamespace = request.Namespace is { Length: > 0 } ns ? ns : throw new AwsException("MissingParameter", "The parameter Namespace is required.");
        if (metricNamespace.StartsWith("AWS/", StringComparison.Ordinal) || metricNamespace.Length > 255 || metricNamespace.Contains(':', StringComparison.Ordinal))
        {
            throw Invalid(metricNamespace, "Namespace");
        }

        var data = request.MetricData is { Count: > 0 } d ? d : throw new AwsException("MissingParameter", "The parameter MetricData is required.");
        if (data.Count > 1000)
        {
            throw new AwsException("InvalidParameterValue", "The collection MetricData must not have a size greater than 1000.");
        }

        var byKey = new Dictionary<string, (MetricKey Key, List<MetricSampleRow> Rows)>(StringComparer.Ordinal);
        for (var i = 0; i < data.Count; i++)
        {
            var datum = data[i];
            var member = $"MetricData.member.{i + 1}";
            var name = datum.MetricName is { Length: > 0 } n ? n : throw new AwsException("MissingParameter", $"The parameter {member}.MetricName is required.");
            if (datum.Dimensions is { Count: > 30 })
            {
                throw new AwsException("InvalidParameterValue", $"The collection {member}.Dimensions must not have a size greater than 30.");
            }

            var key = new MetricKey(metricNamespace, name, CloudWatchMetrics.DimensionsOf(datum.Dimensions));
            var unit = datum.Unit ?? "None";
            if (!StandardUnits.Contains(unit))
            {
                throw Invalid(unit, $"{member}.Unit");
            }

            var timestamp = datum.Timestamp ?? now;
            if (timestamp < now.AddDays(-14) || timestamp > now.AddHours(2))
            {
                throw new AwsException("InvalidParameterValue", $"The parameter {member}.Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.");
            }

            var given = (datum.Value is not null ? 1 : 0) + (datum.StatisticValues is not null ? 1 : 0) + (datum.Values is not null ? 1 : 0);
            if (given != 1)
            {
                throw new AwsException(
                    given == 0 ? "MissingParameter" : "InvalidParameterCombination",
                    given == 0
                        ? $"The parameter {member}.Value, {member}.StatisticValues or {member}.Values is required."
                        : $"The parameters {member}.Value, {member}.StatisticValues and {member}.Values are mutually exclusive and you have specified more than one.");
            }

            var rows = byKey.TryGetValue(key.Namespace + '\u001d' + key.MetricName + '\u001d' + key.DimensionsKey, out var existing)
                ? existing.Rows
                : (byKey[key.Namespace + '\u001d' + key.MetricName + '\u001d' + key.DimensionsKey] = (key, [])).Rows;
            if (datum.Value is { } value)
            {
                rows.Add(new MetricSampleRow(timestamp, 1, Finite(value, $"{member}.Value"), value, value, value, unit));
            }
            else if (datum.StatisticValues is { } set)
            {
                var count = Finite(set.SampleCount ?? throw new AwsException("MissingParameter", $"The parameter {member}.StatisticValues.SampleCount is required."), $"{member}.StatisticValues.SampleCount");
                var sum = Finite(set.Sum ?? throw new AwsException("MissingParameter", $"The parameter {member}.StatisticValues.Sum is required."), $"{member}.StatisticValues.Sum");
                var min = Finite(set.Minimum ?? throw new AwsException("MissingParameter", $"The parameter {member}.StatisticValues.Minimum is required."), $"{member}.StatisticValues.Minimum");
                var max = Finite(set.Maximum ?? throw new AwsException("MissingParameter", $"The parameter {member}.StatisticValues.Maximum is required."), $"{member}.StatisticValues.Maximum");
                if (count <= 0 || min > max)
                {
                    throw new AwsException("InvalidParameterValue", $"The parameter {member}.StatisticValues must have a positive SampleCount and a Minimum no greater than its Maximum.");
                }

                rows.Add(new MetricSampleRow(timestamp, count, sum, min, max, null, unit));
            }
            else
            {
                var values = datum.Values!;
                if (values.Count > 150 || (datum.Counts is { } c && c.Count != values.Count))
                {
                    throw new AwsException("InvalidParameterValue", $"The parameter {member}.Values must hold at most 150 values, and {member}.Counts as many counts as there are values.");
                }

                for (var k = 0; k < values.Count; k++)
                {
                    var v = Finite(values[k], $"{member}.Values.member.{k + 1}");
                    var count = datum.Counts is { } counts ? Finite(counts[k], $"{member}.Counts.member.{k + 1}") : 1;
                    if (count > 0)
                    {
                        rows.Add(new MetricSampleRow(timestamp, count, v * count, v, v, v, unit));
                    }
                }
            }
        }

        return byKey.Values;
    }

    private static double Finite(double value, string parameter) =>
        double.IsFinite(value) && Math.Abs(value) <= 1e108 ? value : throw Invalid(value.ToString(CultureInfo.InvariantCulture), parameter);

    private static AwsException Invalid(string value, string parameter) =>
        new("InvalidParameterValue", $"The value {value} for parameter {parameter} is invalid.");
}
