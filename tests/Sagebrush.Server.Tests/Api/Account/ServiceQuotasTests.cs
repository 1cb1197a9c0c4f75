using System.Text.Json;

namespace Sagebrush.Server.Tests.Api.Account;

/// <summary>Service Quotas through the AWS CLI and boto3, and the quotas CreateTrainingJob and CreateEndpoint are admitted against.</summary>
public sealed class ServiceQuotasTests(AccountServerFixture server) : IClassFixture<AccountServerFixture>
{
    [Fact]
    public async Task TheCliListsAwsDefaultsBesideTheAccountsOwnValues()
    {
        var defaults = JsonDocument.Parse((await server.RunCliAsync(
            "service-quotas", "list-aws-default-service-quotas", "--service-code", "sagemaker",
            "--query", "Quotas[?QuotaCode=='L-611FA074' || QuotaCode=='L-D438008E'].[QuotaName,Value,QuotaArn]")).EnsureSuccess().StandardOutput);
        var rows = defaults.RootElement.EnumerateArray().Select(r => (r[0].GetString(), r[1].GetDouble(), r[2].GetString())).OrderBy(r => r.Item1).ToList();
        Assert.Equal(
            [
                ("ml.m5.large for training job usage", 0, "arn:aws:servicequotas:us-east-1::sagemaker/L-611FA074"),
                ("ml.p3.2xlarge for training job usage", 0, "arn:aws:servicequotas:us-east-1::sagemaker/L-D438008E"),
            ],
            rows);

        var applied = JsonDocument.Parse((await server.RunCliAsync(
            "service-quotas", "get-service-quota", "--service-code", "sagemaker", "--quota-code", "L-611FA074")).EnsureSuccess().StandardOutput);
        Assert.Equal(20, applied.RootElement.GetProperty("Quota").GetProperty("Value").GetDouble());
        Assert.Equal("arn:aws:servicequotas:us-east-1:000000000000:sagemaker/L-611FA074", applied.RootElement.GetProperty("Quota").GetProperty("QuotaArn").GetString());

        var services = (await server.RunCliAsync("service-quotas", "list-services", "--query", "Services[].ServiceCode", "--output", "text")).EnsureSuccess();
        Assert.Equal("sagemaker", services.StandardOutput.Trim());
    }

    [Fact]
    public async Task AGpuTrainingJobIsRefusedUntilAnApprovedIncreaseAdmitsIt() => (await server.RunBoto3Async(AccountServerFixture.Clients + """
        def job(name):
            return sm.create_training_job(
                TrainingJobName=name,
                AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
                HyperParameters=sleeper(60),
                RoleArn=ROLE,
                OutputDataConfig={"S3OutputPath": "s3://models/output"},
                ResourceConfig={"InstanceType": "ml.p3.2xlarge", "InstanceCount": 1, "VolumeSizeInGB": 1},
                StoppingCondition={"MaxRuntimeInSeconds": 60})
        refused = error_of(lambda: job("gpu-before"))
        assert refused["Error"]["Code"] == "ResourceLimitExceeded", refused
        assert refused["Error"]["Message"].startswith("The account-level service limit 'ml.p3.2xlarge for training job usage' is 0 Instances, with current utilization of 0 Instances and a request delta of 1 Instances. Please use AWS Service Quotas to request an increase for this quota."), refused
        assert error_of(lambda: sm.describe_training_job(TrainingJobName="gpu-before"))["Error"]["Code"] == "ValidationException"

        asked = quotas.request_service_quota_increase(ServiceCode="sagemaker", QuotaCode="L-D438008E", DesiredValue=1)["RequestedQuota"]
        assert asked["Status"] == "PENDING" and asked["QuotaName"] == "ml.p3.2xlarge for training job usage", asked
        seen = [asked["Status"]]
        for _ in range(100):
            status = quotas.get_requested_service_quota_change(RequestId=asked["Id"])["RequestedQuota"]["Status"]
            if status != seen[-1]:
                seen.append(status)
            if status in ("APPROVED", "DENIED"):
                break
            time.sleep(0.05)
        assert seen == ["PENDING", "CASE_OPENED", "APPROVED"], seen
        assert quotas.get_service_quota(ServiceCode="sagemaker", QuotaCode="L-D438008E")["Quota"]["Value"] == 1.0
        history = quotas.list_requested_service_quota_change_history_by_quota(ServiceCode="sagemaker", QuotaCode="L-D438008E")["RequestedQuotas"]
        assert [r["Id"] for r in history] == [asked["Id"]], history

        arn = job("gpu-after")["TrainingJobArn"]
        assert arn.endswith("training-job/gpu-after"), arn
        # One p3.2xlarge is now in use: a second is over the quota of 1.
        second = error_of(lambda: job("gpu-second"))
        assert "with current utilization of 1 Instances and a request delta of 1 Instances" in second["Error"]["Message"], second
        sm.stop_training_job(TrainingJobName="gpu-after")
        """)).EnsureSuccess();

    [Fact]
    public async Task AnIncreaseBeyondWhatThisHostHoldsIsDenied()
    {
        var asked = JsonDocument.Parse((await server.RunCliAsync(
            "service-quotas", "request-service-quota-increase", "--service-code", "sagemaker", "--quota-code", "L-B67CFA0C", "--desired-value", "50"))
            .EnsureSuccess().StandardOutput).RootElement.GetProperty("RequestedQuota");
        Assert.Equal("ml.g4dn.xlarge for endpoint usage", asked.GetProperty("QuotaName").GetString());

        var status = "";
        for (var i = 0; i < 40 && status is not ("APPROVED" or "DENIED"); i++)
        {
            await Task.Delay(100);
            status = (await server.RunCliAsync(
                "service-quotas", "get-requested-service-quota-change", "--request-id", asked.GetProperty("Id").GetString()!,
                "--query", "RequestedQuota.Status", "--output", "text")).EnsureSuccess().StandardOutput.Trim();
        }

        Assert.Equal("DENIED", status);
        var value = (await server.RunCliAsync(
            "service-quotas", "get-service-quota", "--service-code", "sagemaker", "--quota-code", "L-B67CFA0C", "--query", "Quota.Value", "--output", "text")).EnsureSuccess();
        Assert.Equal("0.0", value.StandardOutput.Trim());
    }

    [Fact]
    public async Task AnEndpointOnAGpuTypeWithoutQuotaIsRefusedAndNothingIsKept() => (await server.RunBoto3Async(AccountServerFixture.Clients + """
        model("gpu-model")
        sm.create_endpoint_config(EndpointConfigName="gpu-config", ProductionVariants=[
            {"VariantName": "AllTraffic", "ModelName": "gpu-model", "InitialInstanceCount": 1, "InstanceType": "ml.g4dn.xlarge"}])
        refused = error_of(lambda: sm.create_endpoint(EndpointName="gpu-ep", EndpointConfigName="gpu-config"))
        assert refused["Error"]["Code"] == "ResourceLimitExceeded", refused
        assert "'ml.g4dn.xlarge for endpoint usage' is 0 Instances" in refused["Error"]["Message"], refused
        assert error_of(lambda: sm.describe_endpoint(EndpointName="gpu-ep"))["Error"]["Code"] == "ValidationException"
        """)).EnsureSuccess();

    [Fact]
    public async Task ATuningJobWhoseParallelTrainingJobsDoNotFitIsRefusedAsAJobWouldBe() => (await server.RunBoto3Async(AccountServerFixture.Clients + """
        refused = error_of(lambda: sm.create_hyper_parameter_tuning_job(
            HyperParameterTuningJobName="gpu-tuning",
            HyperParameterTuningJobConfig={
                "Strategy": "Random",
                "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
                "ResourceLimits": {"MaxNumberOfTrainingJobs": 4, "MaxParallelTrainingJobs": 2},
                "ParameterRanges": {"IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "1", "MaxValue": "6"}]}},
            TrainingJobDefinition={
                "StaticHyperParameters": {"num_round": "5", "objective": "binary:logistic", "eval_metric": "auc"},
                "AlgorithmSpecification": {"TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "TrainingInputMode": "File"},
                "RoleArn": ROLE,
                "InputDataConfig": [{"ChannelName": c, "ContentType": "text/csv", "DataSource": {"S3DataSource": {
                    "S3DataType": "S3Prefix", "S3Uri": f"s3://models/{c}/"}}} for c in ("train", "validation")],
                "OutputDataConfig": {"S3OutputPath": "s3://models/output"},
                "ResourceConfig": {"InstanceType": "ml.g5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 1},
                "StoppingCondition": {"MaxRuntimeInSeconds": 60}}))
        assert refused["Error"]["Code"] == "ResourceLimitExceeded", refused
        assert "'ml.g5.xlarge for training job usage' is 0 Instances, with current utilization of 0 Instances and a request delta of 2 Instances" in refused["Error"]["Message"], refused
        assert error_of(lambda: sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="gpu-tuning"))["Error"]["Code"] == "ResourceNotFound"
        """)).EnsureSuccess();
}
