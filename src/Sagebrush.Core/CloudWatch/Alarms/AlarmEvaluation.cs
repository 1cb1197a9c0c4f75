using System.Globalization;
using System.Text.Json.Nodes;
using Sagebrush.Core.CloudWatch.Shapes;

namespace Sagebrush.Core.CloudWatch.Alarms;

/// <summary>What one evaluation decided: the state, CloudWatch's reason and reason data, and the newest breaching value.</summary>
public sealed record AlarmVerdict(string State, string Reason, string ReasonData, double? BreachingValue);

/// <summary>
/// A metric alarm's evaluation, as CloudWatch does it: the last EvaluationPeriods periods (the newest one may still be
/// filling), each period's statistic compared with the threshold; ALARM when at least DatapointsToAlarm of them
/// breach; OK when enough are present and fewer breach; otherwise INSUFFICIENT_DATA. TreatMissingData decides what an
/// empty period is: <c>missing</c> (not counted), <c>notBreaching</c> (a good one), <c>breaching</c> (a bad one) or
/// <c>ignore</c> (no data keeps the current state). Pure: the caller supplies the datapoints.
/// </summary>
public static class AlarmEvaluation
{
    public static readonly IReadOnlySet<string> ComparisonOperators = new HashSet<string>(StringComparer.Ordinal)
    {
        "GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold",
    };

    public static readonly IReadOnlySet<string> MissingDataTreatments = new HashSet<string>(StringComparer.Ordinal)
    {
        "missing", "notBreaching", "breaching", "ignore",
    };

    /// <summary>The periods evaluated at <paramref name="now"/>: their starts, newest first.</summary>
    public static IReadOnlyList<DateTimeOffset> Periods(MetricAlarm alarm, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var period = TimeSpan.FromSeconds(alarm.Period);
        var newest = new DateTimeOffset(now.UtcTicks / period.Ticks * period.Ticks, TimeSpan.Zero);
        return [.. Enumerable.Range(0, alarm.EvaluationPeriods).Select(i => newest - (period * i))];
    }

    /// <param name="values">The statistic per period start, for the periods that have data.</param>
    public static AlarmVerdict Evaluate(MetricAlarm alarm, IReadOnlyDictionary<DateTimeOffset, double> values, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        ArgumentNullException.ThrowIfNull(values);
        var periods = Periods(alarm, now);
        var needed = alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods;
        var present = periods.Where(values.ContainsKey).Select(p => (Start: p, Value: values[p])).ToList();
        var breaching = present.Where(p => Breaches(alarm, p.Value)).ToList();
        var missing = periods.Count - present.Count;
        var (bad, good) = alarm.TreatMissingData switch
        {
            "breaching" => (breaching.Count + missing, present.Count - breaching.Count),
            "notBreaching" => (breaching.Count, present.Count - breaching.Count + missing),
            _ => (breaching.Count, present.Count - breaching.Count),
        };

        string state;
        string reason;
        if (present.Count == 0 && alarm.TreatMissingData is "breaching" or "notBreaching" && Math.Max(bad, good) >= needed)
        {
            // CloudWatch's own wording when only missing data decided.
            state = bad >= needed ? AlarmStates.Alarm : AlarmStates.Ok;
            var plural = missing == 1 ? "" : "s";
            reason = $"Threshold Crossed: no datapoints were received for {missing} period{plural} and {missing} missing datapoint{plural} {(missing == 1 ? "was" : "were")} treated as [{(bad >= needed ? "Breaching" : "NonBreaching")}].";
        }
        else if (bad >= needed)
        {
            state = AlarmStates.Alarm;
            reason = $"Threshold Crossed: {Count(bad, periods.Count)} {Points(breaching)} {(bad == 1 ? "was" : "were")} {Words(alarm.ComparisonOperator)} the threshold ({Number(alarm.Threshold)}) (minimum {needed} datapoint{(needed == 1 ? "" : "s")} for {alarm.StateValue} -> ALARM transition).";
        }
        else if (present.Count == 0 && alarm.TreatMissingData == "ignore")
        {
            state = alarm.StateValue;
            reason = alarm.StateReason ?? "No datapoints were received; the state is kept (TreatMissingData ignore).";
        }
        else if (bad + good >= needed)
        {
            state = AlarmStates.Ok;
            var fine = present.Where(p => !Breaches(alarm, p.Value)).ToList();
            reason = $"Threshold Crossed: {Count(good, periods.Count)} {Points(fine)} {(good == 1 ? "was" : "were")} not {Words(alarm.ComparisonOperator)} the threshold ({Number(alarm.Threshold)}) (minimum {needed} datapoint{(needed == 1 ? "" : "s")} for {alarm.StateValue} -> OK transition).";
        }
        else
        {
            state = AlarmStates.InsufficientData;
            reason = present.Count == 0
                ? $"Insufficient Data: {periods.Count} datapoint{(periods.Count == 1 ? " was" : "s were")} unknown."
                : $"Insufficient Data: {present.Count} of the last {periods.Count} datapoints {(present.Count == 1 ? "was" : "were")} known; {needed} needed.";
        }

        var data = new JsonObject
        {
            ["version"] = "1.0",
            ["queryDate"] = Iso(now),
            ["startDate"] = Iso(periods[^1]),
            ["statistic"] = alarm.Statistic ?? alarm.ExtendedStatistic,
            ["period"] = alarm.Period,
            ["recentDatapoints"] = new JsonArray([.. present.OrderBy(p => p.Start).Select(p => (JsonNode)p.Value)]),
            ["threshold"] = alarm.Threshold,
            ["evaluatedDatapoints"] = new JsonArray([.. present.Select(p => (JsonNode)new JsonObject { ["timestamp"] = Iso(p.Start), ["value"] = p.Value })]),
        };
        return new AlarmVerdict(state, reason, data.ToJsonString(), breaching.Count > 0 ? breaching[0].Value : null);
    }

    public static bool Breaches(MetricAlarm alarm, double value)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        return alarm.ComparisonOperator switch
        {
            "GreaterThanOrEqualToThreshold" => value >= alarm.Threshold,
            "GreaterThanThreshold" => value > alarm.Threshold,
            "LessThanThreshold" => value < alarm.Threshold,
            _ => value <= alarm.Threshold,
        };
    }

    private static string Count(int count, int of) => count == 1 && of == 1 ? "1 datapoint" : $"{count} out of the last {of} datapoints";

    private static string Points(IEnumerable<(DateTimeOffset Start, double Value)> points) =>
        "[" + string.Join(", ", points.Select(p => $"{Number(p.Value)} ({p.Start.UtcDateTime.ToString("dd/MM/yy HH:mm:ss", CultureInfo.InvariantCulture)})")) + "]";

    private static string Words(string? comparison) => comparison switch
    {
        "GreaterThanOrEqualToThreshold" => "greater than or equal to",
        "GreaterThanThreshold" => "greater than",
        "LessThanThreshold" => "less than",
        _ => "less than or equal to",
    };

    private static string Number(double value) => value.ToString("0.0##############", CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);
}
