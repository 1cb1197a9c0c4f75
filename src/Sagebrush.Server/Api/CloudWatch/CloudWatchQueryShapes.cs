using System.Globalization;
using System.Xml.Linq;
using Sagebrush.Core.CloudWatch.Shapes;
using Sagebrush.Core.Common;
using Sagebrush.Server.Protocol.Query;

namespace Sagebrush.Server.Api.CloudWatch;

/// <summary>
/// CloudWatch's shapes in the query protocol: flattened form fields (<c>MetricData.member.1.Dimensions.member.2.Name</c>)
/// read into the shapes, and shapes written as the XML the SDKs parse (lists as <c>member</c> elements, ISO 8601 times).
/// </summary>
internal static class CloudWatchQueryShapes
{
    public static List<Dimension> Dimensions(QueryRequest request, string list) =>
        [.. request.Structures(list).Select(d => new Dimension { Name = d.GetValueOrDefault("Name"), Value = d.GetValueOrDefault("Value") })];

    public static List<MetricDatum> MetricData(QueryRequest request) =>
        [.. request.Structures("MetricData").Select(fields =>
        {
            var member = new QueryRequest(fields);
            return new MetricDatum
            {
                MetricName = member.Get("MetricName"),
                Dimensions = Dimensions(member, "Dimensions"),
                Timestamp = OptionalTime(member, "Timestamp"),
                Value = Double(member, "Value"),
                StatisticValues = member.Get("StatisticValues.SampleCount") is null && member.Get("StatisticValues.Sum") is null ? null : new StatisticSet
                {
                    SampleCount = Double(member, "StatisticValues.SampleCount"),
                    Sum = Double(member, "StatisticValues.Sum"),
                    Minimum = Double(member, "StatisticValues.Minimum"),
                    Maximum = Double(member, "StatisticValues.Maximum"),
                },
                Values = member.Strings("Values") is { Count: > 0 } values ? [.. values.Select(v => Parse(v, "Values"))] : null,
                Counts = member.Strings("Counts") is { Count: > 0 } counts ? [.. counts.Select(v => Parse(v, "Counts"))] : null,
                Unit = member.Get("Unit"),
                StorageResolution = member.GetInt("StorageResolution"),
            };
        })];

    public static GetMetricDataRequest GetMetricData(QueryRequest request) => new()
    {
        MetricDataQueries = [.. request.Structures("MetricDataQueries").Select(fields =>
        {
            var member = new QueryRequest(fields);
            return new MetricDataQuery
            {
                Id = member.Get("Id"),
                Label = member.Get("Label"),
                Expression = member.Get("Expression"),
                ReturnData = Bool(member, "ReturnData"),
                Period = member.GetInt("Period"),
                MetricStat = member.Get("MetricStat.Stat") is null && member.Get("MetricStat.Metric.MetricName") is null ? null : new MetricStat
                {
                    Metric = new Metric
                    {
                        Namespace = member.Get("MetricStat.Metric.Namespace"),
                        MetricName = member.Get("MetricStat.Metric.MetricName"),
                        Dimensions = Dimensions(member, "MetricStat.Metric.Dimensions"),
                    },
                    Period = member.GetInt("MetricStat.Period"),
                    Stat = member.Get("MetricStat.Stat"),
                    Unit = member.Get("MetricStat.Unit"),
                },
            };
        })],
        StartTime = OptionalTime(request, "StartTime"),
        EndTime = OptionalTime(request, "EndTime"),
        ScanBy = request.Get("ScanBy"),
        MaxDatapoints = request.GetInt("MaxDatapoints"),
        NextToken = request.Get("NextToken"),
    };

    public static PutMetricAlarmRequest PutMetricAlarm(QueryRequest request) => new()
    {
        AlarmName = request.Get("AlarmName"),
        AlarmDescription = request.Get("AlarmDescription"),
        ActionsEnabled = Bool(request, "ActionsEnabled"),
        OKActions = [.. request.Strings("OKActions")],
        AlarmActions = [.. request.Strings("AlarmActions")],
        InsufficientDataActions = [.. request.Strings("InsufficientDataActions")],
        MetricName = request.Get("MetricName"),
        Namespace = request.Get("Namespace"),
        Statistic = request.Get("Statistic"),
        ExtendedStatistic = request.Get("ExtendedStatistic"),
        Dimensions = Dimensions(request, "Dimensions"),
        Period = request.GetInt("Period"),
        Unit = request.Get("Unit"),
        EvaluationPeriods = request.GetInt("EvaluationPeriods"),
        DatapointsToAlarm = request.GetInt("DatapointsToAlarm"),
        Threshold = Double(request, "Threshold"),
        ComparisonOperator = request.Get("ComparisonOperator"),
        TreatMissingData = request.Get("TreatMissingData"),
        Metrics = request.Structures("Metrics").Count > 0 ? [new MetricDataQuery()] : null,
    };

    public static DescribeAlarmsRequest DescribeAlarms(QueryRequest request) => new()
    {
        AlarmNames = [.. request.Strings("AlarmNames")],
        AlarmNamePrefix = request.Get("AlarmNamePrefix"),
        AlarmTypes = [.. request.Strings("AlarmTypes")],
        StateValue = request.Get("StateValue"),
        ActionPrefix = request.Get("ActionPrefix"),
        MaxRecords = request.GetInt("MaxRecords"),
        NextToken = request.Get("NextToken"),
    };

    public static IEnumerable<XElement> Alarms(DescribeAlarmsResponse response) =>
    [
        new XElement("MetricAlarms", response.MetricAlarms.Select(a => new XElement(
            "member",
            new XElement("AlarmName", a.AlarmName),
            new XElement("AlarmArn", a.AlarmArn),
            a.AlarmDescription is null ? null : new XElement("AlarmDescription", a.AlarmDescription),
            a.AlarmConfigurationUpdatedTimestamp is { } updated ? new XElement("AlarmConfigurationUpdatedTimestamp", Format(updated)) : null,
            new XElement("ActionsEnabled", a.ActionsEnabled ? "true" : "false"),
            new XElement("OKActions", a.OKActions.Select(x => new XElement("member", x))),
            new XElement("AlarmActions", a.AlarmActions.Select(x => new XElement("member", x))),
            new XElement("InsufficientDataActions", a.InsufficientDataActions.Select(x => new XElement("member", x))),
            new XElement("StateValue", a.StateValue),
            new XElement("StateReason", a.StateReason),
            a.StateReasonData is null ? null : new XElement("StateReasonData", a.StateReasonData),
            a.StateUpdatedTimestamp is { } stateUpdated ? new XElement("StateUpdatedTimestamp", Format(stateUpdated)) : null,
            a.StateTransitionedTimestamp is { } transitioned ? new XElement("StateTransitionedTimestamp", Format(transitioned)) : null,
            new XElement("MetricName", a.MetricName),
            new XElement("Namespace", a.Namespace),
            a.Statistic is null ? null : new XElement("Statistic", a.Statistic),
            a.ExtendedStatistic is null ? null : new XElement("ExtendedStatistic", a.ExtendedStatistic),
            new XElement("Dimensions", a.Dimensions.Select(d => new XElement("member", new XElement("Name", d.Name), new XElement("Value", d.Value)))),
            new XElement("Period", a.Period),
            a.Unit is null ? null : new XElement("Unit", a.Unit),
            new XElement("EvaluationPeriods", a.EvaluationPeriods),
            a.DatapointsToAlarm is { } m ? new XElement("DatapointsToAlarm", m) : null,
            new XElement("Threshold", Number(a.Threshold)),
            new XElement("ComparisonOperator", a.ComparisonOperator),
            new XElement("TreatMissingData", a.TreatMissingData)))),
        new XElement("CompositeAlarms"),
    ];

    public static IEnumerable<XElement> Metric(Metric metric) =>
    [
        new XElement("Namespace", metric.Namespace),
        new XElement("MetricName", metric.MetricName),
        new XElement("Dimensions", (metric.Dimensions ?? []).Select(d => new XElement("member", new XElement("Name", d.Name), new XElement("Value", d.Value)))),
    ];

    public static DateTimeOffset Time(QueryRequest request, string name) =>
        OptionalTime(request, name) ?? throw new AwsException("MissingParameter", $"The parameter {name} is required.");

    public static DateTimeOffset? OptionalTime(QueryRequest request, string name)
    {
        var text = request.Get(name);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new AwsException("InvalidParameterValue", $"The parameter {name} must be an ISO 8601 time, not '{text}'.");
    }

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static bool? Bool(QueryRequest request, string name) => request.Get(name) switch
    {
        null => null,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new AwsException("InvalidParameterValue", $"The value {text} for parameter {name} is not a boolean: use true or false."),
    };

    private static double? Double(QueryRequest request, string name) => request.Get(name) is { } text ? Parse(text, name) : null;

    private static double Parse(string text, string name) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new AwsException("InvalidParameterValue", $"The value {text} for parameter {name} is not a number.");
}
