using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>
/// Training jobs that really run: a scikit-learn script in script mode, driven by boto3 exactly as a SageMaker user
/// would, on the real executor (bubblewrap, /opt/ml, channels staged from S3, model.tar.gz uploaded).
/// </summary>
public sealed class TrainingJobRunTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private const string Setup = """
        import io, json, tarfile, time
        sm = boto3.client("sagemaker", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))
        logs = boto3.client("logs", endpoint_url=endpoint)
        IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
        ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"

        def ensure_bucket(name):
            try:
                s3.create_bucket(Bucket=name)
            except s3.exceptions.BucketAlreadyOwnedByYou:
                pass

        def upload_code(key, files):
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
                for name, text in files.items():
                    data = text.encode()
                    info = tarfile.TarInfo(name)
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
            s3.put_object(Bucket="training", Key=key, Body=buffer.getvalue())
            return f"s3://training/{key}"

        def create(name, script, hyperparameters=None, channels=("train",), **overrides):
            code = upload_code(f"code/{name}/sourcedir.tar.gz", {"train.py": script})
            hps = {"sagemaker_program": json.dumps("train.py"), "sagemaker_submit_directory": json.dumps(code)}
            hps.update({k: json.dumps(v) for k, v in (hyperparameters or {}).items()})
            request = dict(
                TrainingJobName=name,
                AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
                RoleArn=ROLE,
                HyperParameters=hps,
                InputDataConfig=[{"ChannelName": c, "ContentType": "text/csv", "DataSource": {"S3DataSource": {
                    "S3DataType": "S3Prefix", "S3Uri": f"s3://training/data/{c}/", "S3DataDistributionType": "FullyReplicated"}}}
                    for c in channels],
                OutputDataConfig={"S3OutputPath": "s3://training/output"},
                ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
                StoppingCondition={"MaxRuntimeInSeconds": 300})
            request.update(overrides)
            sm.create_training_job(**request)

        def wait(name):
            try:
                sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 240})
            except botocore.exceptions.WaiterError as failed:
                # The waiter treats Failed as a terminal failure; the tests look at the description either way.
                if "Failed" not in str(failed):
                    raise
            return sm.describe_training_job(TrainingJobName=name)

        def model_files(description):
            uri = description["ModelArtifacts"]["S3ModelArtifacts"]
            bucket, key = uri[len("s3://"):].split("/", 1)
            tar = tarfile.open(fileobj=io.BytesIO(s3.get_object(Bucket=bucket, Key=key)["Body"].read()), mode="r:gz")
            return {m.name.lstrip("./"): tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}

        ensure_bucket("training")
        if "Contents" not in s3.list_objects_v2(Bucket="training", Prefix="data/"):
            import random
            rng = random.Random(7)
            def rows(n):
                out = []
                for _ in range(n):
                    x = [rng.uniform(-1, 1) for _ in range(4)]
                    y = 1 if 1.5 * x[0] - x[1] + 0.5 * x[2] + rng.gauss(0, 0.2) > 0 else 0
                    out.append(",".join([str(y)] + [f"{v:.5f}" for v in x]))
                return "\n".join(out) + "\n"
            s3.put_object(Bucket="training", Key="data/train/train.csv", Body=rows(1500).encode())
            s3.put_object(Bucket="training", Key="data/validation/validation.csv", Body=rows(500).encode())

        """;

    private const string SklearnScript = """
        import argparse, os, joblib, pandas as pd
        from sklearn.linear_model import LogisticRegression
        parser = argparse.ArgumentParser()
        parser.add_argument("-C", type=float, default=1.0)  # the toolkit passes one-letter names with one dash
        args = parser.parse_args()
        train = pd.read_csv(os.path.join(os.environ["SM_CHANNEL_TRAIN"], "train.csv"), header=None)
        valid = pd.read_csv(os.path.join(os.environ["SM_CHANNEL_VALIDATION"], "validation.csv"), header=None)
        model = LogisticRegression(C=args.C).fit(train.iloc[:, 1:], train.iloc[:, 0])
        print(f"validation-accuracy: {model.score(valid.iloc[:, 1:], valid.iloc[:, 0]):.4f}", flush=True)
        joblib.dump(model, "/opt/ml/model/model.joblib")
        """;

    private readonly Boto3 boto3 = new(server);

    [Fact]
    public async Task AScikitLearnScriptModeJobTrainsAModelThatScoresInPython() => await RunAsync($$""""
        script = """{{SklearnScript}}"""
        create("sklearn-logistic", script, {"C": 0.5}, channels=("train", "validation"),
               AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File",
                                       "MetricDefinitions": [{"Name": "validation:accuracy", "Regex": "validation-accuracy: ([0-9.]+)"}]})
        d = wait("sklearn-logistic")
        assert d["TrainingJobStatus"] == "Completed", d.get("FailureReason")
        assert d["SecondaryStatus"] == "Completed"
        assert d["ModelArtifacts"]["S3ModelArtifacts"] == "s3://training/output/sklearn-logistic/output/model.tar.gz", d["ModelArtifacts"]
        statuses = [t["Status"] for t in d["SecondaryStatusTransitions"]]
        assert statuses[0] == "Starting" and statuses[-1] == "Completed" and "Training" in statuses, statuses
        assert d["TrainingTimeInSeconds"] >= 0 and d["BillableTimeInSeconds"] >= 1, d

        import joblib, pandas as pd
        files = model_files(d)
        model = joblib.load(io.BytesIO(files["model.joblib"]))
        valid = pd.read_csv(io.BytesIO(s3.get_object(Bucket="training", Key="data/validation/validation.csv")["Body"].read()), header=None)
        accuracy = model.score(valid.iloc[:, 1:], valid.iloc[:, 0])
        assert accuracy > 0.85, accuracy
        metrics = {m["MetricName"]: m["Value"] for m in d["FinalMetricDataList"]}
        assert abs(metrics["validation:accuracy"] - accuracy) < 1e-3, (metrics, accuracy)

        streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs", logStreamNamePrefix="sklearn-logistic/")["logStreams"]
        assert [s["logStreamName"].split("/")[1].rsplit("-", 1)[0] for s in streams] == ["algo-1"], streams
        events = logs.get_log_events(logGroupName="/aws/sagemaker/TrainingJobs", logStreamName=streams[0]["logStreamName"], startFromHead=True)["events"]
        assert any("validation-accuracy" in e["message"] for e in events), events
        """");

    [Fact]
    public async Task HyperparametersArriveAsTheToolkitPassesThem() => await RunAsync(""""
        script = """
        import json, os, sys
        json.dump({"argv": sys.argv[1:], "hps": json.loads(os.environ["SM_HPS"]), "hosts": json.loads(os.environ["SM_HOSTS"]),
                   "current": os.environ["SM_CURRENT_HOST"], "channels": json.loads(os.environ["SM_CHANNELS"]),
                   "config": json.load(open("/opt/ml/input/config/hyperparameters.json")),
                   "resource": json.load(open("/opt/ml/input/config/resourceconfig.json"))},
                  open("/opt/ml/model/" + os.environ["SM_CURRENT_HOST"] + ".json", "w"))
        """
        create("toolkit-args", script, {"learning-rate": 0.1, "epochs": 3, "flag": True, "name": "abc"},
               ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 2, "VolumeSizeInGB": 10})
        d = wait("toolkit-args")
        assert d["TrainingJobStatus"] == "Completed", d.get("FailureReason")
        files = model_files(d)
        seen = json.loads(files["algo-1.json"])
        assert seen["argv"] == ["--epochs", "3", "--flag", "True", "--learning-rate", "0.1", "--name", "abc"], seen["argv"]
        assert seen["hps"] == {"epochs": 3, "flag": True, "learning-rate": 0.1, "name": "abc"}, seen["hps"]
        assert seen["hosts"] == ["algo-1", "algo-2"] and seen["current"] == "algo-1", seen
        assert seen["channels"] == ["train"], seen
        assert seen["resource"]["hosts"] == ["algo-1", "algo-2"], seen["resource"]
        assert json.loads(seen["config"]["learning-rate"]) == 0.1, seen["config"]
        """");

    [Fact]
    public async Task AFailureFileBecomesTheFailureReason() => await RunAsync(""""
        script = """
        import sys
        open("/opt/ml/output/failure", "w").write("bad data: column 3 is not numeric")
        sys.exit(1)
        """
        create("writes-failure", script)
        d = wait("writes-failure")
        assert d["TrainingJobStatus"] == "Failed" and d["SecondaryStatus"] == "Failed", d
        assert "bad data: column 3 is not numeric" in d["FailureReason"], d["FailureReason"]
        """");

    [Fact]
    public async Task StopTrainingJobStopsARunningJobAndKeepsItsArtifacts() => await RunAsync(""""
        script = """
        import signal, sys, time
        def stop(*_):
            open("/opt/ml/model/stopped.txt", "w").write("graceful")
            sys.exit(0)
        signal.signal(signal.SIGTERM, stop)
        print("waiting to be stopped", flush=True)
        for _ in range(600):
            time.sleep(0.1)
        """
        create("stop-me", script)
        # Stop only once the script says its SIGTERM handler is installed: "Training" means the host started, and
        # Python may still be starting up then.
        found = []
        for _ in range(400):
            try:
                found = logs.filter_log_events(logGroupName="/aws/sagemaker/TrainingJobs", logStreamNamePrefix="stop-me/",
                                               filterPattern='"waiting to be stopped"')["events"]
            except logs.exceptions.ResourceNotFoundException:
                found = []  # no job has logged anything on this server yet
            if found:
                break
            time.sleep(0.05)
        assert found, "the script never reported that it was waiting"
        sm.stop_training_job(TrainingJobName="stop-me")
        assert sm.describe_training_job(TrainingJobName="stop-me")["TrainingJobStatus"] in ("Stopping", "Stopped")
        d = wait("stop-me")
        assert d["TrainingJobStatus"] == "Stopped" and d["SecondaryStatus"] == "Stopped", d
        assert model_files(d)["stopped.txt"] == b"graceful"
        """");

    [Fact]
    public async Task AJobOverMaxRuntimeIsStoppedWithMaxRuntimeExceeded() => await RunAsync(""""
        script = """
        import time
        for _ in range(600):
            time.sleep(0.1)
        """
        create("too-long", script, StoppingCondition={"MaxRuntimeInSeconds": 2})
        d = wait("too-long")
        assert d["SecondaryStatus"] == "MaxRuntimeExceeded", d
        """");

    [Fact]
    public async Task CheckpointsAreRestoredIntoASecondJob() => await RunAsync(""""
        first = """
        open("/opt/ml/checkpoints/state.txt", "w").write("epoch=7")
        """
        second = """
        import shutil
        shutil.copy("/opt/ml/checkpoints/state.txt", "/opt/ml/model/restored.txt")
        """
        checkpoint = {"S3Uri": "s3://training/checkpoints/shared"}
        create("checkpoint-writer", first, CheckpointConfig=checkpoint)
        assert wait("checkpoint-writer")["TrainingJobStatus"] == "Completed"
        create("checkpoint-reader", second, CheckpointConfig=checkpoint)
        d = wait("checkpoint-reader")
        assert d["TrainingJobStatus"] == "Completed", d.get("FailureReason")
        assert model_files(d)["restored.txt"] == b"epoch=7"
        """");

    [Fact]
    public async Task TheAwsCliReadsTheJobsLog()
    {
        (await RunAsync(""""
            create("cli-logged", 'print("hello from the training script", flush=True)\n')
            assert wait("cli-logged")["TrainingJobStatus"] == "Completed"
            """")).EnsureSuccess();
        var aws = new AwsCli(server);

        var streams = (await aws.RunAsync("logs", "describe-log-streams", "--log-group-name", "/aws/sagemaker/TrainingJobs",
            "--log-stream-name-prefix", "cli-logged/", "--query", "logStreams[0].logStreamName", "--output", "text")).EnsureSuccess();
        var events = (await aws.RunAsync("logs", "get-log-events", "--log-group-name", "/aws/sagemaker/TrainingJobs",
            "--log-stream-name", streams.StandardOutput.Trim(), "--start-from-head")).EnsureSuccess();

        Assert.Contains("hello from the training script", events.StandardOutput, StringComparison.Ordinal);
    }

    private async Task<ProcessResult> RunAsync(string script) => (await boto3.RunAsync(Setup + script)).EnsureSuccess();
}
