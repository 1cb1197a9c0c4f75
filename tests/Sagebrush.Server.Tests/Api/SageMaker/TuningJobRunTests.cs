using System.Text.Json;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>
/// Tuning jobs that really run, driven by boto3 as a SageMaker user would, on the real executor: each training job is
/// a tiny script-mode entry point that prints "loss=&lt;value&gt;" per epoch, the loss a known function of its
/// hyperparameters, so the tests know which job must win.
/// </summary>
public sealed class TuningJobRunTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    internal const string Setup = NewerSageMakerModel.Python + """
        import io, json, re, tarfile, time
        IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"

        # loss = (x - 3)^2 + 1/epoch, one line per epoch; `slow` hyperparameter values sleep that long per epoch.
        SCRIPT = '''
        import json, os, sys, time
        hps = json.loads(os.environ["SM_HPS"])
        x = float(hps["x"])
        epochs = int(hps.get("epochs", 3))
        pause = float(hps.get("slow_" + str(hps["x"]), hps.get("pause", 0)))
        for epoch in range(1, epochs + 1):
            print(f"epoch {epoch} loss={(x - 3) ** 2 + 1 / epoch:.6f}", flush=True)
            time.sleep(pause)
        '''

        def loss(x, epochs):
            return (float(x) - 3) ** 2 + 1 / epochs

        try:
            s3.create_bucket(Bucket="tuning")
        except s3.exceptions.BucketAlreadyOwnedByYou:
            pass

        def upload_code(name):
            data = SCRIPT.encode()
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
                info = tarfile.TarInfo("train.py")
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            s3.put_object(Bucket="tuning", Key=f"code/{name}/sourcedir.tar.gz", Body=buffer.getvalue())
            return f"s3://tuning/code/{name}/sourcedir.tar.gz"

        def definition(name, static=None):
            hps = {"sagemaker_program": json.dumps("train.py"), "sagemaker_submit_directory": json.dumps(upload_code(name))}
            hps.update(static or {})
            return {
                "StaticHyperParameters": hps,
                "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File",
                                           "MetricDefinitions": [{"Name": "loss", "Regex": "loss=([0-9.]+)"}]},
                "RoleArn": "arn:aws:iam::000000000000:role/SageMakerRole",
                "OutputDataConfig": {"S3OutputPath": "s3://tuning/output"},
                "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
                "StoppingCondition": {"MaxRuntimeInSeconds": 300},
            }

        def config(strategy="Random", max_jobs=4, parallel=2, ranges=None, **extra):
            c = {"Strategy": strategy,
                 "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": "loss"},
                 "ResourceLimits": {"MaxParallelTrainingJobs": parallel},
                 "ParameterRanges": ranges or {"ContinuousParameterRanges": [{"Name": "x", "MinValue": "0", "MaxValue": "10"}]},
                 "RandomSeed": 11}
            if max_jobs is not None:
                c["ResourceLimits"]["MaxNumberOfTrainingJobs"] = max_jobs
            c.update(extra)
            return c

        def wait(name, statuses=("Completed", "Failed", "Stopped")):
            for _ in range(1200):
                d = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name)
                if d["HyperParameterTuningJobStatus"] in statuses:
                    return d
                time.sleep(0.25)
            raise AssertionError(f"{name} did not reach {statuses}: {d}")

        def children(name, **filters):
            pages = sm.get_paginator("list_training_jobs_for_hyper_parameter_tuning_job").paginate(HyperParameterTuningJobName=name, **filters)
            return [s for page in pages for s in page["TrainingJobSummaries"]]

        """;

    private readonly Boto3 boto3 = new(server);
    private readonly AwsCli aws = new(server);

    [Fact]
    public async Task TheAwsCliDescribesATuningJobAndRanksItsTrainingJobs()
    {
        (await boto3.RunAsync(Setup + """
            sm.create_hyper_parameter_tuning_job(
                HyperParameterTuningJobName="cli-grid",
                HyperParameterTuningJobConfig=config("Grid", max_jobs=None, parallel=2,
                    ranges={"CategoricalParameterRanges": [{"Name": "x", "Values": ["4", "2.5", "9"]}]}),
                TrainingJobDefinition=definition("cli-grid"))
            assert wait("cli-grid")["HyperParameterTuningJobStatus"] == "Completed"
            """)).EnsureSuccess();

        var described = await aws.RunAsync("sagemaker", "describe-hyper-parameter-tuning-job", "--hyper-parameter-tuning-job-name", "cli-grid");
        var ranked = await aws.RunAsync(
            "sagemaker", "list-training-jobs-for-hyper-parameter-tuning-job", "--hyper-parameter-tuning-job-name", "cli-grid",
            "--sort-by", "FinalObjectiveMetricValue", "--sort-order", "Descending");

        using var job = JsonDocument.Parse(described.EnsureSuccess().StandardOutput);
        using var list = JsonDocument.Parse(ranked.EnsureSuccess().StandardOutput);
        var root = job.RootElement;
        Assert.Equal("Completed", root.GetProperty("HyperParameterTuningJobStatus").GetString());
        Assert.Equal(3, root.GetProperty("TrainingJobStatusCounters").GetProperty("Completed").GetInt32());
        Assert.Equal("2.5", root.GetProperty("BestTrainingJob").GetProperty("TunedHyperParameters").GetProperty("x").GetString());
        var order = list.RootElement.GetProperty("TrainingJobSummaries").EnumerateArray()
            .Select(s => s.GetProperty("TunedHyperParameters").GetProperty("x").GetString())
            .ToList();
        Assert.Equal(["9", "4", "2.5"], order);
    }

    [Fact]
    public async Task ARandomSearchFindsTheJobWithTheLowestLossAndCountsItsJobs() => (await boto3.RunAsync(Setup + """
        arn = sm.create_hyper_parameter_tuning_job(
            HyperParameterTuningJobName="random-search",
            HyperParameterTuningJobConfig=config(max_jobs=4, parallel=2),
            TrainingJobDefinition=definition("random-search"),
            Tags=[{"Key": "project", "Value": "tuning"}])["HyperParameterTuningJobArn"]
        assert arn.endswith(":hyper-parameter-tuning-job/random-search"), arn
        d = wait("random-search")
        assert d["HyperParameterTuningJobStatus"] == "Completed", d
        assert d["TrainingJobStatusCounters"] == {"Completed": 4, "InProgress": 0, "RetryableError": 0, "NonRetryableError": 0, "Stopped": 0}, d
        assert d["ObjectiveStatusCounters"] == {"Succeeded": 4, "Pending": 0, "Failed": 0}, d
        assert d["HyperParameterTuningEndTime"] >= d["CreationTime"], d
        assert d["ConsumedResources"]["RuntimeInSeconds"] >= 0 and d["HyperParameterTuningJobConfig"]["RandomSeed"] == 11, d

        ranked = children("random-search", SortBy="FinalObjectiveMetricValue")
        values = [s["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] for s in ranked]
        assert len(ranked) == 4 and values == sorted(values), ranked
        for s in ranked:
            assert re.fullmatch(r"random-search-00[1-4]-[0-9a-f]{8}", s["TrainingJobName"]), s
            assert s["ObjectiveStatus"] == "Succeeded" and s["TuningJobName"] == "random-search", s
            assert list(s["TunedHyperParameters"]) == ["x"], s
            expected = loss(s["TunedHyperParameters"]["x"], 3)
            assert abs(s["FinalHyperParameterTuningJobObjectiveMetric"]["Value"] - expected) < 1e-3, (s, expected)
        best = d["BestTrainingJob"]
        assert best["TrainingJobName"] == ranked[0]["TrainingJobName"], (best, ranked)
        assert best["FinalHyperParameterTuningJobObjectiveMetric"]["MetricName"] == "loss", best

        job = sm.describe_training_job(TrainingJobName=best["TrainingJobName"])
        assert job["TuningJobArn"] == arn and job["TrainingJobStatus"] == "Completed", job
        assert job["HyperParameters"]["x"] == best["TunedHyperParameters"]["x"], job
        listed = sm.list_training_jobs(NameContains="random-search", MaxResults=100)["TrainingJobSummaries"]
        assert len(listed) == 4, listed
        assert sm.list_tags(ResourceArn=job["TrainingJobArn"])["Tags"] == [{"Key": "project", "Value": "tuning"}]
        summary = sm.list_hyper_parameter_tuning_jobs(NameContains="random-search")["HyperParameterTuningJobSummaries"]
        assert [(s["HyperParameterTuningJobName"], s["Strategy"], s["HyperParameterTuningJobStatus"]) for s in summary] == [("random-search", "Random", "Completed")], summary
        """)).EnsureSuccess();

    [Fact]
    public async Task EarlyStoppingAutoStopsTheClearlyBadJob() => (await boto3.RunAsync(Setup + """
        # x = 50 logs a huge loss slowly; the three good values finish quickly. The median rule stops the bad one.
        sm.create_hyper_parameter_tuning_job(
            HyperParameterTuningJobName="early-stop",
            HyperParameterTuningJobConfig=config("Grid", max_jobs=None, parallel=4, TrainingJobEarlyStoppingType="Auto",
                ranges={"CategoricalParameterRanges": [{"Name": "x", "Values": ["1", "2", "3", "50"]}]}),
            TrainingJobDefinition=definition("early-stop", {"epochs": "20", "slow_50": "1"}))
        d = wait("early-stop")
        assert d["HyperParameterTuningJobStatus"] == "Completed", d
        by_x = {s["TunedHyperParameters"]["x"]: s for s in children("early-stop")}
        assert by_x["50"]["TrainingJobStatus"] == "Stopped", by_x["50"]
        assert all(by_x[x]["TrainingJobStatus"] == "Completed" for x in ("1", "2", "3")), by_x
        assert d["TrainingJobStatusCounters"]["Stopped"] == 1 and d["TrainingJobStatusCounters"]["Completed"] == 3, d
        assert d["BestTrainingJob"]["TunedHyperParameters"] == {"x": "3"}, d
        """)).EnsureSuccess();

    [Fact]
    public async Task StoppingATuningJobStopsItsRunningTrainingJobs() => (await boto3.RunAsync(Setup + """
        sm.create_hyper_parameter_tuning_job(
            HyperParameterTuningJobName="stop-me",
            HyperParameterTuningJobConfig=config(max_jobs=6, parallel=2),
            TrainingJobDefinition=definition("stop-me", {"epochs": "600", "pause": "0.1"}))
        for _ in range(600):
            running = [s for s in children("stop-me") if s["TrainingJobStatus"] == "InProgress"]
            if len(running) == 2 and all(sm.describe_training_job(TrainingJobName=s["TrainingJobName"])["SecondaryStatus"] == "Training" for s in running):
                break
            time.sleep(0.2)
        else:
            raise AssertionError(children("stop-me"))
        sm.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName="stop-me")
        assert sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="stop-me")["HyperParameterTuningJobStatus"] in ("Stopping", "Stopped")
        d = wait("stop-me", ("Stopped", "Completed", "Failed"))
        assert d["HyperParameterTuningJobStatus"] == "Stopped", d
        jobs = children("stop-me")
        assert len(jobs) == 2 and all(s["TrainingJobStatus"] == "Stopped" for s in jobs), jobs
        assert d["TrainingJobStatusCounters"]["Stopped"] == 2, d
        assert [s["TrainingJobName"] for s in children("stop-me", StatusEquals="Stopped")] == sorted(s["TrainingJobName"] for s in jobs)
        error = None
        try:
            sm.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName="stop-me")
        except botocore.exceptions.ClientError as e:
            error = e.response["Error"]
        assert error["Code"] == "ValidationException" and "status Stopped" in error["Message"], error
        """)).EnsureSuccess();

    [Fact]
    public async Task AWarmStartReportsTheOverallBestAcrossItsParent() => (await boto3.RunAsync(Setup + """
        sm.create_hyper_parameter_tuning_job(
            HyperParameterTuningJobName="warm-parent",
            HyperParameterTuningJobConfig=config(max_jobs=2, parallel=2),
            TrainingJobDefinition=definition("warm-parent"))
        parent = wait("warm-parent")
        assert parent["HyperParameterTuningJobStatus"] == "Completed", parent
        warm = {"ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "warm-parent"}], "WarmStartType": "IdenticalDataAndAlgorithm"}
        sm.create_hyper_parameter_tuning_job(
            HyperParameterTuningJobName="warm-child",
            HyperParameterTuningJobConfig=config("Bayesian", max_jobs=2, parallel=1, RandomSeed=12),
            TrainingJobDefinition=definition("warm-parent"),
            WarmStartConfig=warm)
        d = wait("warm-child")
        assert d["HyperParameterTuningJobStatus"] == "Completed", d
        assert d["WarmStartConfig"] == warm, d
        assert len(children("warm-child")) == 2 and d["TrainingJobStatusCounters"]["Completed"] == 2, d
        candidates = [parent["BestTrainingJob"], d["BestTrainingJob"]]
        expected = min(candidates, key=lambda s: s["FinalHyperParameterTuningJobObjectiveMetric"]["Value"])
        assert d["OverallBestTrainingJob"]["TrainingJobName"] == expected["TrainingJobName"], (d, candidates)
        assert "OverallBestTrainingJob" not in parent, parent

        # DeleteHyperParameterTuningJob removes the tuning job's entry, not its training jobs.
        sm.delete_hyper_parameter_tuning_job(HyperParameterTuningJobName="warm-parent")
        error = None
        try:
            sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="warm-parent")
        except botocore.exceptions.ClientError as e:
            error = e.response["Error"]
        assert error["Code"] == "ResourceNotFound", error
        assert sm.describe_training_job(TrainingJobName=parent["BestTrainingJob"]["TrainingJobName"])["TrainingJobStatus"] == "Completed"
        """)).EnsureSuccess();
}
