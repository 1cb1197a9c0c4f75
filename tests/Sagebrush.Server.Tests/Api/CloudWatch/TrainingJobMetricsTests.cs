using Sagebrush.Server.Tests.Api.SageMaker;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.CloudWatch;

/// <summary>A training job's MetricDefinitions matches are CloudWatch metrics in /aws/sagemaker/TrainingJobs, as SageMaker publishes them.</summary>
public sealed class TrainingJobMetricsTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private readonly Boto3 boto3 = new(server);

    [Fact]
    public async Task ATrainingJobsMetricsAreReadableFromCloudWatchByHost() => (await boto3.RunAsync(TuningJobRunTests.Setup + """
        import datetime
        cw = boto3.client("cloudwatch", endpoint_url=os.environ["SAGEBRUSH_ENDPOINT"])
        d = definition("CwMetrics")
        sm.create_training_job(TrainingJobName="CwMetrics", AlgorithmSpecification=d["AlgorithmSpecification"],
            HyperParameters=dict(d["StaticHyperParameters"], x="5", epochs="4"), RoleArn=d["RoleArn"],
            OutputDataConfig=d["OutputDataConfig"], ResourceConfig=d["ResourceConfig"], StoppingCondition=d["StoppingCondition"])
        for _ in range(600):
            status = sm.describe_training_job(TrainingJobName="CwMetrics")["TrainingJobStatus"]
            if status in ("Completed", "Failed", "Stopped"):
                break
            time.sleep(0.2)
        assert status == "Completed", sm.describe_training_job(TrainingJobName="CwMetrics")
        now = datetime.datetime.now(datetime.timezone.utc)
        host = [{"Name": "Host", "Value": "CwMetrics/algo-1"}]
        stats = cw.get_metric_statistics(Namespace="/aws/sagemaker/TrainingJobs", MetricName="loss", Dimensions=host,
            StartTime=now - datetime.timedelta(minutes=10), EndTime=now + datetime.timedelta(minutes=1), Period=600,
            Statistics=["SampleCount", "Minimum", "Maximum"])
        [point] = stats["Datapoints"]
        assert point["SampleCount"] == 4 and abs(point["Minimum"] - 4.25) < 1e-6 and abs(point["Maximum"] - 5.0) < 1e-6, point
        listed = cw.list_metrics(Namespace="/aws/sagemaker/TrainingJobs")["Metrics"]
        assert {"Namespace": "/aws/sagemaker/TrainingJobs", "MetricName": "loss", "Dimensions": [{"Name": "Host", "Value": "cwmetrics/algo-1"}]} in listed, listed
        other = cw.get_metric_statistics(Namespace="/aws/sagemaker/TrainingJobs", MetricName="loss", Dimensions=[{"Name": "Host", "Value": "Nope/algo-1"}],
            StartTime=now - datetime.timedelta(minutes=10), EndTime=now, Period=600, Statistics=["SampleCount"])
        assert other["Datapoints"] == [], other
        """)).EnsureSuccess();
}
