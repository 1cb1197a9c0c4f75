// CloudWatch through the AWS SDK for JavaScript v3, which speaks AWS JSON 1.0 to it (GraniteServiceVersion20100801):
// custom metrics in, statistics and GetMetricData out, an alarm that goes to ALARM on them. Configured by the
// environment alone (AWS_ENDPOINT_URL, the key pair). Prints one JSON line of what it saw.
import {
  CloudWatchClient, PutMetricDataCommand, GetMetricStatisticsCommand, GetMetricDataCommand, ListMetricsCommand,
  PutMetricAlarmCommand, DescribeAlarmsCommand, DeleteAlarmsCommand,
} from "@aws-sdk/client-cloudwatch";

const cw = new CloudWatchClient({ region: "us-east-1" });
const name = process.argv[2] ?? "js";
const dimensions = [{ Name: "Queue", Value: name }];
const now = new Date();
const minute = new Date(Math.floor(now.getTime() / 60000) * 60000);

await cw.send(new PutMetricDataCommand({
  Namespace: "Sagebrush/Tests",
  MetricData: [
    { MetricName: "Depth", Dimensions: dimensions, Timestamp: minute, Values: [3, 5, 10], Counts: [1, 1, 2], Unit: "Count" },
    { MetricName: "Depth", Dimensions: dimensions, Timestamp: minute, Value: 2, Unit: "Count" },
  ],
}));

const start = new Date(minute.getTime() - 60000);
const end = new Date(minute.getTime() + 120000);
const stats = await cw.send(new GetMetricStatisticsCommand({
  Namespace: "Sagebrush/Tests", MetricName: "Depth", Dimensions: dimensions, StartTime: start, EndTime: end, Period: 60,
  Statistics: ["Sum", "SampleCount", "Maximum", "Minimum", "Average"],
}));
const data = await cw.send(new GetMetricDataCommand({
  StartTime: start, EndTime: end,
  MetricDataQueries: [{ Id: "depth", MetricStat: { Metric: { Namespace: "Sagebrush/Tests", MetricName: "Depth", Dimensions: dimensions }, Period: 60, Stat: "Sum" } }],
}));
const listed = await cw.send(new ListMetricsCommand({ Namespace: "Sagebrush/Tests", Dimensions: [{ Name: "Queue", Value: name }] }));

const alarm = `${name}-depth-high`;
await cw.send(new PutMetricAlarmCommand({
  AlarmName: alarm, Namespace: "Sagebrush/Tests", MetricName: "Depth", Dimensions: dimensions, Statistic: "Maximum",
  Period: 60, EvaluationPeriods: 1, Threshold: 8, ComparisonOperator: "GreaterThanThreshold",
}));
let described;
for (let i = 0; i < 100; i++) {
  described = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [alarm] }))).MetricAlarms[0];
  if (described.StateValue === "ALARM") break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
await cw.send(new DeleteAlarmsCommand({ AlarmNames: [alarm] }));
const left = (await cw.send(new DescribeAlarmsCommand({ AlarmNames: [alarm] }))).MetricAlarms.length;

const point = stats.Datapoints[0];
console.log(JSON.stringify({
  sum: point.Sum, count: point.SampleCount, max: point.Maximum, min: point.Minimum, average: point.Average,
  timestamp: point.Timestamp.toISOString(),
  dataValues: data.MetricDataResults[0].Values, dataTimestamps: data.MetricDataResults[0].Timestamps.map((t) => t.toISOString()),
  listed: listed.Metrics.length,
  state: described.StateValue, reason: described.StateReason, left,
}));
