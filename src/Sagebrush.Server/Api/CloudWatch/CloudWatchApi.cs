using System.Globalization;
using System.Xml.Linq;
using Sagebrush.Core.CloudWatch;
using Sagebrush.Core.CloudWatch.Alarms;
using Sagebrush.Core.CloudWatch.Shapes;
using Sagebrush.Core.Common;
using Sagebrush.Server.Edge;
using Sagebrush.Server.Protocol.Query;

namespace Sagebrush.Server.Api.CloudWatch;

/// <summary>
/// CloudWatch (query protocol, signing name <c>monitoring</c>) over <see cref="CloudWatchMetrics"/> and
/// <see cref="CloudWatchAlarms"/>: the form fields read into the shapes the JSON 1.0 API reads directly
/// (<see cref="CloudWatchQueryShapes"/>), the results written as XML. Not supported (InvalidAction): dashboards,
/// composite alarms, anomaly detectors, metric streams, insight rules.
/// </summary>
public sealed class CloudWatchApi(CloudWatchMetrics metrics, CloudWatchAlarms alarms) : IQueryService
{
    public string SigningName => "monitoring";

    public string XmlNamespace => "http://monitoring.amazonaws.com/doc/2010-08-01/";

    public string Version => "2010-08-01";

    public IReadOnlyDictionary<string, QueryOperation> Operations => new Dictionary<string, QueryOperation>(StringComparer.Ordinal)
    {
        ["GetMetricStatistics"] = GetMetricStatisticsAsync,
        ["ListMetrics"] = ListMetricsAsync,
        ["PutMetricData"] = PutMetricDataAsync,
        ["GetMetricData"] = GetMetricDataAsync,
        ["PutMetricAlarm"] = async (request, call) =>
        {
            await alarms.PutAsync(CloudWatchQueryShapes.PutMetricAlarm(request), call.Aborted);
            return [];
        },
        ["DescribeAlarms"] = async (request, call) => CloudWatchQueryShapes.Alarms(await alarms.DescribeAsync(CloudWatchQueryShapes.DescribeAlarms(request), call.Aborted)),
        ["DeleteAlarms"] = async (request, call) =>
        {
            await alarms.DeleteAsync(new DeleteAlarmsRequest { AlarmNames = [.. request.Strings("AlarmNames")] }, call.Aborted);
            return [];
        },
        ["SetAlarmState"] = async (request, call) =>
        {
            await alarms.SetStateAsync(
                new SetAlarmStateRequest
                {
                    AlarmName = request.Get("AlarmName"),
                    StateValue = request.Get("StateValue"),
                    StateReason = request.Get("StateReason"),
                    StateReasonData = request.Get("StateReasonData"),
                },
                call.Aborted);
            return [];
        },
    };

    private async Task<IEnumerable<XElement>> GetMetricStatisticsAsync(QueryRequest request, ServiceCall call)
    {
        var result = await metrics.GetStatisticsAsync(
            new GetMetricStatisticsRequest
            {
                Namespace = request.Get("Namespace"),
                MetricName = request.Get("MetricName"),
                Dimensions = CloudWatchQueryShapes.Dimensions(request, "Dimensions"),
                StartTime = CloudWatchQueryShapes.Time(request, "StartTime"),
                EndTime = CloudWatchQueryShapes.Time(request, "EndTime"),
                Period = request.GetInt("Period"),
                Statistics = [.. request.Strings("Statistics")],
                ExtendedStatistics = [.. request.Strings("ExtendedStatistics")],
                Unit = request.Get("Unit"),
            },
            call.Aborted);
        return
        [
            new XElement("Label", result.Label),
            new XElement("Datapoints", result.Datapoints.Select(point => new XElement(
                "member",
                new XElement("Timestamp", CloudWatchQueryShapes.Format(point.Timestamp)),
                Optional("SampleCount", point.SampleCount),
                Optional("Average", point.Average),
                Optional("Sum", point.Sum),
                Optional("Minimum", point.Minimum),
                Optional("Maximum", point.Maximum),
                point.ExtendedStatistics is null ? null : new XElement("ExtendedStatistics", point.ExtendedStatistics.Select(s =>
                    new XElement("entry", new XElement("key", s.Key), new XElement("value", CloudWatchQueryShapes.Number(s.Value))))),
                new XElement("Unit", point.Unit)))),
        ];
    }

    private async Task<IEnumerable<XElement>> ListMetricsAsync(QueryRequest request, ServiceCall call)
    {
        var result = await metrics.ListAsync(
            new ListMetricsRequest
            {
                Namespace = request.Get("Namespace"),
                MetricName = request.Get("MetricName"),
                Dimensions = [.. request.Structures("Dimensions").Select(d => new DimensionFilter { Name = d.GetValueOrDefault("Name"), Value = d.GetValueOrDefault("Value") })],
            },
            call.Aborted);
        return [new XElement("Metrics", result.Metrics.Select(metric => new XElement("member", CloudWatchQueryShapes.Metric(metric))))];
    }

    private async Task<IEnumerable<XElement>> PutMetricDataAsync(QueryRequest request, ServiceCall call)
    {
        await metrics.PutAsync(new PutMetricDataRequest { Namespace = request.Get("Namespace"), MetricData = CloudWatchQueryShapes.MetricData(request) }, call.Aborted);
        return [];
    }

    private async Task<IEnumerable<XElement>> GetMetricDataAsync(QueryRequest request, ServiceCall call)
    {
        var result = await metrics.GetDataAsync(CloudWatchQueryShapes.GetMetricData(request), call.Aborted);
        return
        [
            new XElement("MetricDataResults", result.MetricDataResults.Select(r => new XElement(
                "member",
                new XElement("Id", r.Id),
                new XElement("Label", r.Label),
                new XElement("Timestamps", r.Timestamps.Select(t => new XElement("member", CloudWatchQueryShapes.Format(t)))),
                new XElement("Values", r.Values.Select(v => new XElement("member", CloudWatchQueryShapes.Number(v)))),
                new XElement("StatusCode", r.StatusCode)))),
            new XElement("Messages"),
        ];
    }

    private static XElement? Optional(string name, double? value) => value is { } v ? new XElement(name, CloudWatchQueryShapes.Number(v)) : null;
}
