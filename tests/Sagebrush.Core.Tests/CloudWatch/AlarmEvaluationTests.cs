using Sagebrush.Core.CloudWatch.Alarms;
using Sagebrush.Core.CloudWatch.Shapes;

namespace Sagebrush.Core.Tests.CloudWatch;

public class AlarmEvaluationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 15, 4, 30, TimeSpan.Zero);

    private static MetricAlarm Alarm(int periods = 3, int? needed = null, string missing = "missing", string state = AlarmStates.Ok) => new()
    {
        AlarmName = "a",
        Statistic = "Average",
        Period = 60,
        EvaluationPeriods = periods,
        DatapointsToAlarm = needed,
        Threshold = 10,
        ComparisonOperator = "GreaterThanThreshold",
        TreatMissingData = missing,
        StateValue = state,
    };

    private static Dictionary<DateTimeOffset, double> Values(params (int MinutesAgo, double Value)[] points) =>
        points.ToDictionary(p => new DateTimeOffset(2026, 12, 3, 15, 4, 0, TimeSpan.Zero).AddMinutes(-p.MinutesAgo), p => p.Value);

    [Fact]
    public void TheNewestPeriodIsTheOneStillFillingAndOlderOnesFollow()
    {
        var periods = AlarmEvaluation.Periods(Alarm(), Now);
        Assert.Equal([Now.AddSeconds(-30), Now.AddSeconds(-90), Now.AddSeconds(-150)], periods);
    }

    [Fact]
    public void AllBreachingPeriodsSetAlarmWithCloudWatchsReason()
    {
        var verdict = AlarmEvaluation.Evaluate(Alarm(), Values((0, 12), (1, 15), (2, 11)), Now);
        Assert.Equal(AlarmStates.Alarm, verdict.State);
        Assert.Equal(
            "Threshold Crossed: 3 out of the last 3 datapoints [12.0 (03/12/26 15:04:00), 15.0 (03/12/26 15:03:00), 11.0 (03/12/26 15:02:00)] were greater than the threshold (10.0) (minimum 3 datapoints for OK -> ALARM transition).",
            verdict.Reason);
        Assert.Equal(12, verdict.BreachingValue);
        Assert.Contains("\"recentDatapoints\":[11,15,12]", verdict.ReasonData, StringComparison.Ordinal);
    }

    [Fact]
    public void MOfNAlarmsOnMBreachingPeriods()
    {
        Assert.Equal(AlarmStates.Alarm, AlarmEvaluation.Evaluate(Alarm(needed: 2), Values((0, 12), (1, 5), (2, 11)), Now).State);
        Assert.Equal(AlarmStates.Ok, AlarmEvaluation.Evaluate(Alarm(needed: 2), Values((0, 12), (1, 5), (2, 9)), Now).State);
        Assert.Equal(AlarmStates.Ok, AlarmEvaluation.Evaluate(Alarm(), Values((0, 12), (1, 15), (2, 9)), Now).State);
    }

    [Fact]
    public void MissingDataIsInsufficientUnlessTreatedOtherwise()
    {
        var none = Values();
        var verdict = AlarmEvaluation.Evaluate(Alarm(), none, Now);
        Assert.Equal(AlarmStates.InsufficientData, verdict.State);
        Assert.Equal("Insufficient Data: 3 datapoints were unknown.", verdict.Reason);
        Assert.Equal(AlarmStates.Ok, AlarmEvaluation.Evaluate(Alarm(missing: "notBreaching"), none, Now).State);
        var breaching = AlarmEvaluation.Evaluate(Alarm(missing: "breaching"), none, Now);
        Assert.Equal(AlarmStates.Alarm, breaching.State);
        Assert.Equal("Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].", breaching.Reason);
        Assert.Equal(AlarmStates.Alarm, AlarmEvaluation.Evaluate(Alarm(missing: "ignore", state: AlarmStates.Alarm), none, Now).State);
        // Two breaching values and one missing period, treated as breaching: 3 of 3.
        Assert.Equal(AlarmStates.Alarm, AlarmEvaluation.Evaluate(Alarm(missing: "breaching"), Values((0, 12), (2, 11)), Now).State);
    }

    [Theory]
    [InlineData("GreaterThanOrEqualToThreshold", 10, true)]
    [InlineData("GreaterThanThreshold", 10, false)]
    [InlineData("LessThanThreshold", 9.9, true)]
    [InlineData("LessThanOrEqualToThreshold", 10, true)]
    [InlineData("LessThanOrEqualToThreshold", 10.1, false)]
    public void EachComparisonOperatorComparesAsNamed(string comparison, double value, bool breaches)
    {
        var alarm = Alarm();
        alarm.ComparisonOperator = comparison;
        Assert.Equal(breaches, AlarmEvaluation.Breaches(alarm, value));
    }
}
