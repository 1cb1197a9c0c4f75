using System.Globalization;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.Account;

/// <summary>The per-second bill: Cost Explorer through boto3 and <c>sagebrush bill</c>, against what ran.</summary>
public sealed class BillingTests(AccountServerFixture server) : IClassFixture<AccountServerFixture>
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "sagebrush.dll");

    [Fact]
    public async Task TheBillOfAJobAndAnEndpointIsTheirSecondsTimesThePrice()
    {
        (await server.RunBoto3Async(AccountServerFixture.Clients + """
            import datetime
            PRICE = 0.115  # ml.m5.large, training and hosting, us-east-1 (the catalogue)
            sm.create_training_job(
                TrainingJobName="three-seconds",
                AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
                HyperParameters=sleeper(3),
                RoleArn=ROLE,
                OutputDataConfig={"S3OutputPath": "s3://models/output"},
                ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
                StoppingCondition={"MaxRuntimeInSeconds": 60},
                Tags=[{"Key": "team", "Value": "vision"}])
            sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName="three-seconds", WaiterConfig={"Delay": 1, "MaxAttempts": 60})
            job = sm.describe_training_job(TrainingJobName="three-seconds")
            assert job["TrainingJobStatus"] == "Completed", job.get("FailureReason")
            billable = job["BillableTimeInSeconds"]
            assert 3 <= billable <= 6, billable

            model("ten-model")
            config("ten-config", [("AllTraffic", "ten-model", 1, 1.0)])
            before = time.time()
            sm.create_endpoint(EndpointName="ten-ep", EndpointConfigName="ten-config", Tags=[{"Key": "team", "Value": "search"}])
            wait("ten-ep")
            time.sleep(10)
            sm.delete_endpoint(EndpointName="ten-ep")
            wait("ten-ep", "endpoint_deleted")
            window = time.time() - before

            today = datetime.datetime.utcnow().date()
            period = {"Start": str(today), "End": str(today + datetime.timedelta(days=1))}
            def costs(group):
                answer = ce.get_cost_and_usage(TimePeriod=period, Granularity="DAILY", Metrics=["UnblendedCost", "UsageQuantity"], GroupBy=[group])
                [day] = answer["ResultsByTime"]
                return {g["Keys"][0]: (float(g["Metrics"]["UnblendedCost"]["Amount"]), float(g["Metrics"]["UsageQuantity"]["Amount"]) * 3600) for g in day["Groups"]}
            by_type = costs({"Type": "DIMENSION", "Key": "USAGE_TYPE"})
            train_cost, train_seconds = by_type["USE1-Train:ml.m5.large"]
            host_cost, host_seconds = by_type["USE1-Host:ml.m5.large"]
            second = PRICE / 3600
            assert abs(train_cost - billable * second) <= second, (train_cost, billable)
            assert abs(train_cost - train_seconds * second) < 1e-9, (train_cost, train_seconds)
            assert 10 <= host_seconds <= window, (host_seconds, window)
            assert abs(host_cost - host_seconds * second) < 1e-9, (host_cost, host_seconds)
            print("train", billable, train_seconds, "host", host_seconds, window)

            by_tag = costs({"Type": "TAG", "Key": "team"})
            assert abs(by_tag["team$vision"][0] - train_cost) < 1e-9 and abs(by_tag["team$search"][0] - host_cost) < 1e-9, by_tag
            by_service = costs({"Type": "DIMENSION", "Key": "SERVICE"})
            assert abs(by_service["Amazon SageMaker"][0] - (train_cost + host_cost)) < 1e-9, by_service
            """, TimeSpan.FromMinutes(3))).EnsureSuccess();

        var bill = (await ExternalProcess.RunAsync("dotnet", [Cli, "bill", "--data-dir", server.DataDir], new Dictionary<string, string?>())).EnsureSuccess();
        var lines = bill.StandardOutput.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("training-job/three-seconds ", StringComparison.Ordinal) && l.Contains("ml.m5.large", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("endpoint/ten-ep ", StringComparison.Ordinal) && l.Contains("Hosting", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("tag team=vision: ", StringComparison.Ordinal));
        var total = lines.Single(l => l.StartsWith("total: ", StringComparison.Ordinal));
        Assert.InRange(decimal.Parse(total.Split(' ')[1], CultureInfo.InvariantCulture), 0.0003m, 0.01m);
    }
}
