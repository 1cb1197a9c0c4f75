using Sagebrush.Core.CloudWatch;
using Sagebrush.Core.CloudWatch.Alarms;
using Sagebrush.Core.CloudWatch.Shapes;
using Sagebrush.Server.Protocol.Json;
using Context = Sagebrush.Core.CloudWatch.Shapes.CloudWatchJsonContext;

namespace Sagebrush.Server.Api.CloudWatch;

/// <summary>
/// CloudWatch over AWS JSON 1.0 (target prefix <c>GraniteServiceVersion20100801</c>, signing name <c>monitoring</c>), the
/// protocol newer SDKs send (the JavaScript SDK v3 does): the same operations as <see cref="CloudWatchApi"/>, read and
/// written through the shapes directly.
/// </summary>
public sealed class CloudWatchJsonApi : IJsonService
{
    private static readonly byte[] Empty = "{}"u8.ToArray();

    public CloudWatchJsonApi(CloudWatchMetrics metrics, CloudWatchAlarms alarms)
    {
        Operations = new Dictionary<string, JsonOperation>(StringComparer.Ordinal)
        {
            ["GetMetricStatistics"] = async (input, call) =>
                JsonBodies.Write(await metrics.GetStatisticsAsync(JsonBodies.Read(input, Context.Default.GetMetricStatisticsRequest), call.Aborted), Context.Default.GetMetricStatisticsResponse),
            ["ListMetrics"] = async (input, call) =>
                JsonBodies.Write(await metrics.ListAsync(JsonBodies.Read(input, Context.Default.ListMetricsRequest), call.Aborted), Context.Default.ListMetricsResponse),
            ["PutMetricData"] = async (input, call) =>
            {
                await metrics.PutAsync(JsonBodies.Read(input, Context.Default.PutMetricDataRequest), call.Aborted);
                return Empty;
            },
            ["GetMetricData"] = async (input, call) =>
                JsonBodies.Write(await metrics.GetDataAsync(JsonBodies.Read(input, Context.Default.GetMetricDataRequest), call.Aborted), Context.Default.GetMetricDataResponse),
            ["PutMetricAlarm"] = async (input, call) =>
            {
                await alarms.PutAsync(JsonBodies.Read(input, Context.Default.PutMetricAlarmRequest), call.Aborted);
                return Empty;
            },
            ["DescribeAlarms"] = async (input, call) =>
                JsonBodies.Write(await alarms.DescribeAsync(JsonBodies.Read(input, Context.Default.DescribeAlarmsRequest), call.Aborted), Context.Default.DescribeAlarmsResponse),
            ["DeleteAlarms"] = async (input, call) =>
            {
                await alarms.DeleteAsync(JsonBodies.Read(input, Context.Default.DeleteAlarmsRequest), call.Aborted);
                return Empty;
            },
            ["SetAlarmState"] = async (input, call) =>
            {
                await alarms.SetStateAsync(JsonBodies.Read(input, Context.Default.SetAlarmStateRequest), call.Aborted);
                return Empty;
            },
        };
    }

    public string TargetPrefix => "GraniteServiceVersion20100801";

    public string SigningName => "monitoring";

    public IReadOnlyDictionary<string, JsonOperation> Operations { get; }
}
