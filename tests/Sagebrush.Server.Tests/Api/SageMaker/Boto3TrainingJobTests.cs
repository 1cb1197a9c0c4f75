namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>Training jobs through boto3's SageMaker client, as a Python user's code (and the SageMaker SDK) calls them.</summary>
public sealed class Boto3TrainingJobTests(SageMakerServerFixture server) : IClassFixture<SageMakerServerFixture>
{
    [Fact]
    public async Task CreateThenDescribeEchoesTheRequestAndRunsToCompleted()
    {
        (await server.RunBoto3Async("""
            arn = job("Echo-Job", hyper={"test_log": "epoch 1 loss=0.5|epoch 2 loss=0.125"},
                      Tags=[{"Key": "team", "Value": "ml"}], Environment={"MY_VAR": "1"})["TrainingJobArn"]
            assert arn == "arn:aws:sagemaker:us-east-1:000000000000:training-job/echo-job", arn
            d = sm.describe_training_job(TrainingJobName="Echo-Job")
            assert d["TrainingJobName"] == "Echo-Job" and d["TrainingJobArn"] == arn
            assert d["TrainingJobStatus"] in ("InProgress", "Completed"), d["TrainingJobStatus"]
            assert d["AlgorithmSpecification"]["TrainingImage"] == IMAGE
            assert d["HyperParameters"]["sagemaker_program"] == '"train.py"'
            assert d["ResourceConfig"] == {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10}, d["ResourceConfig"]
            assert d["StoppingCondition"]["MaxRuntimeInSeconds"] == 600
            assert d["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] == "s3://data/train/"
            assert d["OutputDataConfig"]["S3OutputPath"] == "s3://output/"
            assert d["Environment"] == {"MY_VAR": "1"}
            assert d["RoleArn"] == "arn:aws:iam::000000000000:role/SageMakerRole"
            assert d["CreationTime"].year >= 2025
            sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName="Echo-Job", WaiterConfig={"Delay": 1, "MaxAttempts": 60})
            d = sm.describe_training_job(TrainingJobName="Echo-Job")
            assert (d["TrainingJobStatus"], d["SecondaryStatus"]) == ("Completed", "Completed"), d
            assert d["ModelArtifacts"]["S3ModelArtifacts"] == "s3://output/Echo-Job/output/model.tar.gz"
            assert [t["Status"] for t in d["SecondaryStatusTransitions"]] == ["Starting", "Downloading", "Training", "Uploading", "Completed"], d["SecondaryStatusTransitions"]
            assert [(m["MetricName"], m["Value"]) for m in d["FinalMetricDataList"]] == [("loss", 0.125)], d["FinalMetricDataList"]
            assert d["TrainingEndTime"] >= d["TrainingStartTime"] and d["TrainingTimeInSeconds"] == d["BillableTimeInSeconds"]
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task AFailedJobCarriesItsReasonAndTheWaiterReportsIt()
    {
        (await server.RunBoto3Async("""
            job("failing-job", hyper={"test_outcome": "Failed"})
            try:
                sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName="failing-job", WaiterConfig={"Delay": 1, "MaxAttempts": 60})
                raise AssertionError("the waiter should fail on Failed")
            except botocore.exceptions.WaiterError:
                pass
            d = sm.describe_training_job(TrainingJobName="failing-job")
            assert (d["TrainingJobStatus"], d["SecondaryStatus"]) == ("Failed", "Failed")
            assert d["FailureReason"] == "AlgorithmError: the test asked this job to fail"
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task StopEndsARunningJobAndASecondStopIsRejected()
    {
        (await server.RunBoto3Async("""
            job("long-job", hyper={"test_seconds": "120"})
            sm.stop_training_job(TrainingJobName="long-job")
            assert sm.describe_training_job(TrainingJobName="long-job")["TrainingJobStatus"] in ("Stopping", "Stopped")
            sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName="long-job", WaiterConfig={"Delay": 1, "MaxAttempts": 60})
            d = sm.describe_training_job(TrainingJobName="long-job")
            assert (d["TrainingJobStatus"], d["SecondaryStatus"]) == ("Stopped", "Stopped"), d
            e = error_of(lambda: sm.stop_training_job(TrainingJobName="long-job"))
            assert e["Code"] == "ValidationException" and e["Message"] == "The request was rejected because the training job is in status Stopped.", e
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task ListFiltersAndPaginatesThirtyJobs()
    {
        (await server.RunBoto3Async("""
            for i in range(30):
                job(f"page-{'even' if i % 2 == 0 else 'odd'}-{i:02d}")
                time.sleep(0.002)
            paginator = sm.get_paginator("list_training_jobs")
            pages = list(paginator.paginate(NameContains="page-", PaginationConfig={"PageSize": 7}))
            assert len(pages) == 5, len(pages)
            names = [s["TrainingJobName"] for p in pages for s in p["TrainingJobSummaries"]]
            assert names == [f"page-{'even' if i % 2 == 0 else 'odd'}-{i:02d}" for i in reversed(range(30))], names
            evens = [s["TrainingJobName"] for p in paginator.paginate(NameContains="page-even", SortBy="Name", SortOrder="Ascending") for s in p["TrainingJobSummaries"]]
            assert evens == sorted(f"page-even-{i:02d}" for i in range(0, 30, 2)), evens
            first = sm.list_training_jobs(NameContains="page-")
            assert len(first["TrainingJobSummaries"]) == 10 and "NextToken" in first
            s = first["TrainingJobSummaries"][0]
            assert set(s) >= {"TrainingJobName", "TrainingJobArn", "CreationTime", "TrainingJobStatus"}, s
            sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName="page-even-00", WaiterConfig={"Delay": 1, "MaxAttempts": 120})
            done = [s["TrainingJobName"] for p in paginator.paginate(NameContains="page-even-00", StatusEquals="Completed") for s in p["TrainingJobSummaries"]]
            assert done == ["page-even-00"], done
            future = [s for p in paginator.paginate(NameContains="page-", CreationTimeAfter=time.time() + 3600) for s in p["TrainingJobSummaries"]]
            assert future == []
            e = error_of(lambda: sm.list_training_jobs(SortBy="Size"))
            assert e["Code"] == "ValidationException", e
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task TagsAreAddedListedAndDeleted()
    {
        (await server.RunBoto3Async("""
            arn = job("tagged-job", Tags=[{"Key": "team", "Value": "ml"}])["TrainingJobArn"]
            sm.add_tags(ResourceArn=arn, Tags=[{"Key": "stage", "Value": "dev"}, {"Key": "team", "Value": "ai"}])
            assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "ai"}, {"Key": "stage", "Value": "dev"}]
            sm.delete_tags(ResourceArn=arn, TagKeys=["team"])
            assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "stage", "Value": "dev"}]
            e = error_of(lambda: sm.list_tags(ResourceArn="arn:aws:sagemaker:us-east-1:000000000000:training-job/ghost"))
            assert e["Code"] == "ValidationException", e
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task InvalidRequestsAreValidationErrorsInAwsWords()
    {
        (await server.RunBoto3Async("""
            e = error_of(lambda: job("bad_name"))
            assert e["Code"] == "ValidationException"
            assert e["Message"] == "1 validation error detected: Value 'bad_name' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", e["Message"]
            e = error_of(lambda: job("no-channel-name", channel=None, client=raw))
            assert "Value null at 'inputDataConfig.1.member.channelName' failed to satisfy constraint: Member must not be null" in e["Message"], e
            e = error_of(lambda: job("bad-instance", instance="ml.t2.medium", client=raw))
            assert e["Message"].startswith("1 validation error detected: Value 'ml.t2.medium' at 'resourceConfig.instanceType' failed to satisfy constraint: Member must satisfy enum value set: [ml.m4.xlarge"), e
            e = error_of(lambda: job("pipe-job", mode="Pipe"))
            assert e["Code"] == "ValidationException" and "Pipe is not supported by Sagebrush yet" in e["Message"], e
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task DuplicateNamesAndUnknownJobsAnswerAsSageMaker()
    {
        (await server.RunBoto3Async("""
            arn = job("dup-job")["TrainingJobArn"]
            e = error_of(lambda: job("dup-job"))
            assert e["Code"] == "ResourceInUse", e
            assert e["Message"] == f"Training job names must be unique within an AWS account and region, and a training job with this name already exists ({arn})", e
            e = error_of(lambda: sm.describe_training_job(TrainingJobName="no-such-job"))
            assert (e["Code"], e["Message"]) == ("ValidationException", "Requested resource not found."), e
            """)).EnsureSuccess();
    }
}
