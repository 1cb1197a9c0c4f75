using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sagebrush.Core.AutoScaling;
using Sagebrush.Core.CloudWatch;
using Sagebrush.Core.Hosting.Metrics;
using Sagebrush.Server.Tests.Api.SageMaker.Hosting;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.CloudWatch;

/// <summary>A hosting server whose alarms are evaluated every 0.3 s and whose scaling runs 20 times faster than AWS's.</summary>
public sealed class FastAlarmsFixture() : HostingFixture(useEchoServer: true)
{
    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton(new CloudWatchOptions { AlarmEvaluationInterval = TimeSpan.FromMilliseconds(300), RepeatInterval = TimeSpan.FromSeconds(1) });
        services.AddSingleton(new AutoScalingOptions { TimeFactor = 20, EvaluationInterval = TimeSpan.FromMilliseconds(300) });
        services.AddSingleton(new EndpointMetricsOptions { UtilizationInterval = TimeSpan.FromMilliseconds(500) });
    }
}

/// <summary>
/// Custom metrics, alarms and step scaling through real clients: the AWS CLI and boto3 (query protocol) and the
/// JavaScript SDK v3 (JSON 1.0).
/// </summary>
public sealed class AlarmsAndStepScalingTests(FastAlarmsFixture server) : IClassFixture<FastAlarmsFixture>
{
    private static readonly string JsDirectory = Path.Combine(RepositoryPaths.Root, "tests", "js");

    [Fact]
    public async Task TheAwsCliPutsCustomMetricsAndReadsThemBackAsStatisticsAndMetricData()
    {
        var minute = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60);
        var at = minute.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        (await server.RunCliAsync(
            "cloudwatch", "put-metric-data", "--namespace", "Sagebrush/Cli", "--metric-data",
            $$"""[{"MetricName":"Latency","Dimensions":[{"Name":"Service","Value":"cli"}],"Timestamp":"{{at}}","Values":[1,2,3,4],"Counts":[1,1,1,1],"Unit":"Milliseconds"},""" +
            $$"""{"MetricName":"Latency","Dimensions":[{"Name":"Service","Value":"cli"}],"Timestamp":"{{at}}","StatisticValues":{"SampleCount":2,"Sum":30,"Minimum":10,"Maximum":20},"Unit":"Milliseconds"}]""")).EnsureSuccess();
        string[] window = ["--start-time", minute.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture), "--end-time", minute.AddMinutes(2).ToString("O", CultureInfo.InvariantCulture)];
        string[] metric = ["--namespace", "Sagebrush/Cli", "--metric-name", "Latency", "--dimensions", "Name=Service,Value=cli"];

        using var statistics = JsonDocument.Parse((await server.RunCliAsync(
            ["cloudwatch", "get-metric-statistics", .. metric, .. window, "--period", "60", "--statistics", "Sum", "SampleCount", "Minimum", "Maximum", "Average"])).EnsureSuccess().StandardOutput);
        var point = Assert.Single(statistics.RootElement.GetProperty("Datapoints").EnumerateArray());
        Assert.Equal(40, point.GetProperty("Sum").GetDouble());
        Assert.Equal(6, point.GetProperty("SampleCount").GetDouble());
        Assert.Equal(1, point.GetProperty("Minimum").GetDouble());
        Assert.Equal(20, point.GetProperty("Maximum").GetDouble());
        Assert.Equal(40.0 / 6, point.GetProperty("Average").GetDouble(), 9);
        Assert.Equal("Milliseconds", point.GetProperty("Unit").GetString());
        Assert.Equal(minute, DateTimeOffset.Parse(point.GetProperty("Timestamp").GetString()!, CultureInfo.InvariantCulture));

        // Percentiles come from the single values only (a statistic set has none), as in CloudWatch.
        using var median = JsonDocument.Parse((await server.RunCliAsync(
            ["cloudwatch", "get-metric-statistics", .. metric, .. window, "--period", "60", "--extended-statistics", "p50"])).EnsureSuccess().StandardOutput);
        Assert.Equal(2, median.RootElement.GetProperty("Datapoints")[0].GetProperty("ExtendedStatistics").GetProperty("p50").GetDouble());

        using var data = JsonDocument.Parse((await server.RunCliAsync(
            ["cloudwatch", "get-metric-data", .. window, "--metric-data-queries",
             """[{"Id":"sum","MetricStat":{"Metric":{"Namespace":"Sagebrush/Cli","MetricName":"Latency","Dimensions":[{"Name":"Service","Value":"cli"}]},"Period":60,"Stat":"Sum"}},""" +
             """{"Id":"max","MetricStat":{"Metric":{"Namespace":"Sagebrush/Cli","MetricName":"Latency","Dimensions":[{"Name":"Service","Value":"cli"}]},"Period":60,"Stat":"Maximum"},"Label":"worst"}]"""])).EnsureSuccess().StandardOutput);
        var results = data.RootElement.GetProperty("MetricDataResults");
        Assert.Equal([40.0], results[0].GetProperty("Values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("worst", results[1].GetProperty("Label").GetString());
        Assert.Equal([20.0], results[1].GetProperty("Values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("Complete", results[0].GetProperty("StatusCode").GetString());

        using var listed = JsonDocument.Parse((await server.RunCliAsync("cloudwatch", "list-metrics", "--namespace", "Sagebrush/Cli")).EnsureSuccess().StandardOutput);
        var listedMetric = Assert.Single(listed.RootElement.GetProperty("Metrics").EnumerateArray());
        Assert.Equal("Latency", listedMetric.GetProperty("MetricName").GetString());

        var reserved = await server.RunCliAsync("cloudwatch", "put-metric-data", "--namespace", "AWS/SageMaker", "--metric-name", "Invocations", "--value", "1");
        Assert.NotEqual(0, reserved.ExitCode);
        Assert.Contains("InvalidParameterValue", reserved.StandardError, StringComparison.Ordinal);
        var math = await server.RunCliAsync(["cloudwatch", "get-metric-data", .. window, "--metric-data-queries", """[{"Id":"e1","Expression":"SUM(METRICS())"}]"""]);
        Assert.Contains("metric math", math.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAlarmGoesToAlarmOnBreachingDataThenBackToOkWhenTheDataStops() => (await server.RunBoto3Async("""
        import datetime
        cw = boto3.client("cloudwatch", endpoint_url=endpoint_url, config=cfg)
        dims = [{"Name": "Queue", "Value": "boto3"}]
        cw.put_metric_alarm(AlarmName="depth-high", Namespace="Sagebrush/Boto3", MetricName="Depth", Dimensions=dims,
            Statistic="Maximum", Period=10, EvaluationPeriods=1, Threshold=8, ComparisonOperator="GreaterThanThreshold",
            AlarmDescription="queue too deep")
        [alarm] = cw.describe_alarms(AlarmNames=["depth-high"])["MetricAlarms"]
        assert alarm["StateValue"] == "INSUFFICIENT_DATA", alarm
        assert alarm["StateReason"] in ("Unchecked: Initial alarm creation", "Insufficient Data: 1 datapoint was unknown."), alarm
        assert alarm["AlarmArn"] == "arn:aws:cloudwatch:us-east-1:000000000000:alarm:depth-high", alarm

        cw.put_metric_data(Namespace="Sagebrush/Boto3", MetricData=[{"MetricName": "Depth", "Dimensions": dims, "Value": v} for v in (3, 12, 5)])
        def state(wanted):
            for _ in range(100):
                [a] = cw.describe_alarms(AlarmNames=["depth-high"])["MetricAlarms"]
                if a["StateValue"] == wanted:
                    return a
                time.sleep(0.2)
            raise AssertionError(a)
        alarm = state("ALARM")
        assert alarm["StateReason"].startswith("Threshold Crossed: 1 datapoint [12.0 (") and alarm["StateReason"].endswith(
            ")] was greater than the threshold (8.0) (minimum 1 datapoint for INSUFFICIENT_DATA -> ALARM transition)."), alarm["StateReason"]
        data = json.loads(alarm["StateReasonData"])
        assert data["statistic"] == "Maximum" and data["threshold"] == 8.0 and data["recentDatapoints"] == [12.0], data
        assert cw.describe_alarms(StateValue="ALARM")["MetricAlarms"][0]["AlarmName"] == "depth-high"

        # Missing data counts as not breaching from now on (an update keeps the state); once the breaching period has
        # passed with no new data, the alarm is OK again.
        cw.put_metric_alarm(AlarmName="depth-high", Namespace="Sagebrush/Boto3", MetricName="Depth", Dimensions=dims,
            Statistic="Maximum", Period=10, EvaluationPeriods=1, Threshold=8, ComparisonOperator="GreaterThanThreshold",
            TreatMissingData="notBreaching", AlarmDescription="queue too deep")
        [a] = cw.describe_alarms(AlarmNames=["depth-high"])["MetricAlarms"]
        assert a["TreatMissingData"] == "notBreaching" and a["StateValue"] in ("ALARM", "OK"), a
        alarm = state("OK")
        assert alarm["StateReason"] == ("Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching]."), alarm

        cw.set_alarm_state(AlarmName="depth-high", StateValue="ALARM", StateReason="testing the pager")
        [a] = cw.describe_alarms(AlarmNames=["depth-high"])["MetricAlarms"]
        assert a["StateValue"] == "ALARM" and a["StateReason"] == "testing the pager", a
        e = error_of(lambda: cw.set_alarm_state(AlarmName="nope", StateValue="OK", StateReason="x"))
        assert e["Error"]["Code"] == "ResourceNotFound", e
        e = error_of(lambda: cw.put_metric_alarm(AlarmName="bad", Namespace="N", MetricName="M", Statistic="Median",
            Period=60, EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanThreshold"))
        assert e["Error"]["Code"] == "InvalidParameterValue", e
        e = error_of(lambda: cw.delete_alarms(AlarmNames=["depth-high", "nope"]))
        assert e["Error"]["Code"] == "ResourceNotFound", e
        assert len(cw.describe_alarms(AlarmNames=["depth-high"])["MetricAlarms"]) == 1
        cw.delete_alarms(AlarmNames=["depth-high"])
        assert cw.describe_alarms(AlarmNamePrefix="depth")["MetricAlarms"] == []
        """)).EnsureSuccess();

    [Fact]
    public async Task AStepScalingPolicyRunByAnAlarmScalesTheVariantOutWithNoFailedCall() => (await server.RunBoto3Async("""
        from concurrent.futures import ThreadPoolExecutor
        cw = boto3.client("cloudwatch", endpoint_url=endpoint_url, config=cfg)
        aas = boto3.client("application-autoscaling", endpoint_url=endpoint_url, config=cfg)
        deploy("stepped")
        resource = "endpoint/stepped-ep/variant/AllTraffic"
        aas.register_scalable_target(ServiceNamespace="sagemaker", ResourceId=resource,
            ScalableDimension="sagemaker:variant:DesiredInstanceCount", MinCapacity=1, MaxCapacity=4)
        policy = aas.put_scaling_policy(PolicyName="backlog", ServiceNamespace="sagemaker", ResourceId=resource,
            ScalableDimension="sagemaker:variant:DesiredInstanceCount", PolicyType="StepScaling",
            StepScalingPolicyConfiguration={"AdjustmentType": "ChangeInCapacity", "Cooldown": 600, "MetricAggregationType": "Maximum",
                "StepAdjustments": [{"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 10, "ScalingAdjustment": 1},
                                    {"MetricIntervalLowerBound": 10, "ScalingAdjustment": 2}]})
        arn = policy["PolicyARN"]
        [described] = aas.describe_scaling_policies(ServiceNamespace="sagemaker", ResourceId=resource)["ScalingPolicies"]
        assert described["PolicyType"] == "StepScaling" and described["StepScalingPolicyConfiguration"]["StepAdjustments"][1]["ScalingAdjustment"] == 2, described
        e = error_of(lambda: aas.put_scaling_policy(PolicyName="overlap", ServiceNamespace="sagemaker", ResourceId=resource,
            ScalableDimension="sagemaker:variant:DesiredInstanceCount", PolicyType="StepScaling",
            StepScalingPolicyConfiguration={"AdjustmentType": "ChangeInCapacity",
                "StepAdjustments": [{"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 10, "ScalingAdjustment": 1},
                                    {"MetricIntervalLowerBound": 5, "ScalingAdjustment": 2}]}))
        assert e["Error"]["Code"] == "ValidationException", e

        dims = [{"Name": "Endpoint", "Value": "stepped-ep"}]
        cw.put_metric_alarm(AlarmName="backlog-high", Namespace="Sagebrush/Queue", MetricName="Backlog", Dimensions=dims,
            Statistic="Maximum", Period=60, EvaluationPeriods=1, Threshold=5, ComparisonOperator="GreaterThanThreshold",
            AlarmActions=[arn])
        failures = []
        def call(_):
            try:
                invoke("stepped-ep")
            except Exception as e:
                failures.append(repr(e))
        def count():
            return sm.describe_endpoint(EndpointName="stepped-ep")["ProductionVariants"][0]["CurrentInstanceCount"]
        # A backlog of 8: 3 over the threshold, the first step: one more instance.
        cw.put_metric_data(Namespace="Sagebrush/Queue", MetricData=[{"MetricName": "Backlog", "Dimensions": dims, "Value": 8}])
        with ThreadPoolExecutor(2) as pool:
            for _ in range(150):
                list(pool.map(call, range(2)))
                time.sleep(0.1)
                if count() == 2:
                    break
            assert count() == 2, count()
            # Cooldown 600 s at a time factor of 20 is 30 s: the alarm, still in ALARM, does not scale again meanwhile.
            for _ in range(20):
                list(pool.map(call, range(2)))
                time.sleep(0.1)
        assert count() == 2, count()
        assert failures == [], failures[:3]
        [alarm] = cw.describe_alarms(AlarmNames=["backlog-high"])["MetricAlarms"]
        assert alarm["StateValue"] == "ALARM" and alarm["AlarmActions"] == [arn], alarm
        activities = aas.describe_scaling_activities(ServiceNamespace="sagemaker", ResourceId=resource)["ScalingActivities"]
        assert len(activities) == 1, activities
        assert activities[0]["Cause"] == "monitor alarm backlog-high in state ALARM triggered policy backlog", activities
        assert activities[0]["Description"] == "Setting desired instance count to 2." and activities[0]["StatusCode"] == "Successful", activities
        cw.delete_alarms(AlarmNames=["backlog-high"])
        """, TimeSpan.FromMinutes(3))).EnsureSuccess();

    [Fact]
    public async Task EndpointInstancesPublishCpuMemoryAndDiskUtilization() => (await server.RunBoto3Async("""
        import datetime
        cw = boto3.client("cloudwatch", endpoint_url=endpoint_url, config=cfg)
        deploy("busy", instances=2)
        for _ in range(50):
            invoke("busy-ep")
        time.sleep(2)  # a few samples, 0.5 s apart
        now = datetime.datetime.now(datetime.timezone.utc)
        dims = [{"Name": "EndpointName", "Value": "busy-ep"}, {"Name": "VariantName", "Value": "AllTraffic"}]
        def stats(metric):
            points = cw.get_metric_statistics(Namespace="/aws/sagemaker/Endpoints", MetricName=metric, Dimensions=dims,
                StartTime=now - datetime.timedelta(minutes=5), EndTime=now + datetime.timedelta(minutes=1), Period=360,
                Statistics=["SampleCount", "Minimum", "Maximum", "Average"])["Datapoints"]
            assert len(points) == 1, (metric, points)
            return points[0]
        memory = stats("MemoryUtilization")
        # Two instances, several samples each; a model server uses some of its 8 GiB, far from all of it.
        assert memory["SampleCount"] >= 4 and 0 < memory["Minimum"] and memory["Maximum"] < 50 and memory["Unit"] == "Percent", memory
        cpu = stats("CPUUtilization")
        assert cpu["SampleCount"] >= 2 and cpu["Minimum"] >= 0 and cpu["Maximum"] <= 200, cpu  # ml.m5.large: 2 vCPUs
        disk = stats("DiskUtilization")
        assert 0 < disk["Average"] <= 100, disk
        names = {m["MetricName"] for m in cw.list_metrics(Namespace="/aws/sagemaker/Endpoints", Dimensions=[{"Name": "EndpointName", "Value": "busy-ep"}])["Metrics"]}
        assert names == {"CPUUtilization", "MemoryUtilization", "DiskUtilization"}, names
        """)).EnsureSuccess();

    [SkippableFact]
    public async Task TheJavaScriptSdkSpeaksJson10ToCloudWatch()
    {
        Skip.IfNot(File.Exists("/usr/bin/node"), "node is not installed (scripts/test installs nodejs)");
        Skip.IfNot(Directory.Exists(Path.Combine(JsDirectory, "node_modules", "@aws-sdk", "client-cloudwatch")), "tests/js has no node_modules: run `npm ci` there (scripts/test does)");
        var environment = SagebrushServerFixture.ClientEnvironment("us-east-1");
        environment["AWS_ENDPOINT_URL"] = server.Endpoint;

        var result = (await ExternalProcess.RunAsync("/usr/bin/node", ["cloudwatch_metrics_alarm.mjs", "js"], environment, workingDirectory: JsDirectory, timeout: TimeSpan.FromMinutes(2))).EnsureSuccess();

        using var seen = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]);
        var root = seen.RootElement;
        Assert.Equal(30, root.GetProperty("sum").GetDouble());
        Assert.Equal(5, root.GetProperty("count").GetDouble());
        Assert.Equal(10, root.GetProperty("max").GetDouble());
        Assert.Equal(2, root.GetProperty("min").GetDouble());
        Assert.Equal([30.0], root.GetProperty("dataValues").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(root.GetProperty("timestamp").GetString(), root.GetProperty("dataTimestamps")[0].GetString());
        Assert.Equal(1, root.GetProperty("listed").GetInt32());
        Assert.Equal("ALARM", root.GetProperty("state").GetString());
        Assert.StartsWith("Threshold Crossed: 1 datapoint [10.0 (", root.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, root.GetProperty("left").GetInt32());
    }
}
