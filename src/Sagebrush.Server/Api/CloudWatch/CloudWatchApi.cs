using System.Globalization;
using System.Xml.Linq;
using Sagebrush.Core.CloudWatch;
using Sagebrush.Core.Common;
using Sagebrush.Server.Edge;
using Sagebrush.Server.Protocol.Query;

namespace Sagebrush.Server.Api.CloudWatch;

/// <summary>
/// CloudWatch metrics (query protocol, signing name <c>monitoring</c>) over <see cref="CloudWatchMetrics"/>: mapping only.
/// Not supported yet (InvalidAction): PutMetricData, GetMetricData, the alarm operations, dashboards, the JSON
/// protocol newer SDKs send.
/// </summary>
public sealed class CloudWatchApi(CloudWatchMetrics metrics) : IQueryService
{
    public string SigningName => "monitoring";

    public string XmlNamespace => "http://monitoring.amazonaws.com/doc/2010-08-01/";

    public string Version => "2010-08-01";

    public IReadOnlyDictionary<string, QueryOperation> Operations => new Dictionary<string, QueryOperation>(StringComparer.Ordinal)
    {
        ["GetMetricStatistics"] = GetMetricStatisticsAsync,
        ["ListMetrics"] = ListMetricsAsync,
    };

    private async Task<IEnumerable<XElement>> GetMetricStatisticsAsync(QueryRequest request, ServiceCall call)
    {
        var dimensions = request.Structures("Dimensions").ToDictionary(d => d.GetValueOrDefault("Name") ?? "", d => d.GetValueOrDefault("Value") ?? "", StringComparer.Ordinal);
        var metricName = request.Require("MetricName");
        var datapoints = await metrics.GetStatisticsAsync(
            new MetricStatisticsRequest(
                request.Require("Namespace"),
                metricName,
                dimensions,
                Time(request, "StartTime"),
                Time(request, "EndTime"),
                request.GetInt("Period") ?? throw new AwsException("MissingParameter", "The parameter Period is required."),
                request.Strings("Statistics"),
                request.Strings("ExtendedStatistics"),
                request.Get("Unit")),
            call.Aborted);
        return
        [
            new XElement("Label", metricName),
            new XElement("Datapoints", datapoints.Select(point => new XElement(
                "member",
                new XElement("Timestamp", Format(point.Timestamp)),
                point.Statistics.Select(s => new XElement(s.Key, Number(s.Value))),
                point.ExtendedStatistics.Count == 0 ? null : new XElement("ExtendedStatistics", point.ExtendedStatistics.Select(s =>
                    new XElement("entry", new XElement("key", s.Key), new XElement("value", Number(s.Value))))),
                new XElement("Unit", point.Unit)))),
        ];
    }

    private async Task<IEnumerable<XElement>> ListMetricsAsync(QueryRequest request, ServiceCall call)
    {
        var filters = request.Structures("Dimensions").ToDictionary(d => d.GetValueOrDefault("Name") ?? "", d => d.GetValueOrDefault("Value"), StringComparer.Ordinal);
        var listed = await metrics.ListAsync(request.Get("Namespace"), request.Get("MetricName"), filters, call.Aborted);
        return
        [
            new XElement("Metrics", listed.Select(metric => new XElement(
                "member",
                new XElement("Namespace", metric.Namespace),
                new XElement("MetricName", metric.MetricName),
                new XElement("Dimensions", metric.Dimensions.Select(d => new XElement("member", new XElement("Name", d.Key), new XElement("Value", d.Value))))))),
        ];
    }

    private static DateTimeOffset Time(QueryRequest request, string name)
    {
        var text = request.Require(name);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new AwsException("InvalidParameterValue", $"The parameter {name} must be an ISO 8601 time, not '{text}'.");
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
