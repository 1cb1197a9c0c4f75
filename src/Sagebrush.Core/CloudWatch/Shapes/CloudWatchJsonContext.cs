using System.Text.Json.Serialization;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.CloudWatch.Shapes;

/// <summary>CloudWatch's shapes on the JSON 1.0 wire (and alarms in the metadata store): AWS's member names, absent members left out, epoch seconds.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(PutMetricDataRequest))]
[JsonSerializable(typeof(GetMetricStatisticsRequest))]
[JsonSerializable(typeof(GetMetricStatisticsResponse))]
[JsonSerializable(typeof(ListMetricsRequest))]
[JsonSerializable(typeof(ListMetricsResponse))]
[JsonSerializable(typeof(GetMetricDataRequest))]
[JsonSerializable(typeof(GetMetricDataResponse))]
[JsonSerializable(typeof(PutMetricAlarmRequest))]
[JsonSerializable(typeof(MetricAlarm))]
[JsonSerializable(typeof(DescribeAlarmsRequest))]
[JsonSerializable(typeof(DescribeAlarmsResponse))]
[JsonSerializable(typeof(DeleteAlarmsRequest))]
[JsonSerializable(typeof(SetAlarmStateRequest))]
[JsonSerializable(typeof(EmptyResult))]
public sealed partial class CloudWatchJsonContext : JsonSerializerContext;
