using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>
/// Batch transform on a real server, driven by boto3 as estimator.transformer().transform() drives it: the built-in
/// XGBoost's predictions row for row against Python xgboost over several files and two instances, JoinSource with
/// InputFilter and OutputFilter on JSON Lines through a script-mode model, a model that refuses one record, stop, and
/// AWS's errors for bad requests.
/// </summary>
public sealed class TransformJobTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private const string Setup = """
        import io, json, tarfile, time
        import numpy as np, xgboost as xgb
        sm = boto3.client("sagemaker", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))
        logs = boto3.client("logs", endpoint_url=endpoint)
        ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
        SKLEARN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
        ensure_bucket("transform")

        def script_model(name, script):
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
                data = script.encode(); info = tarfile.TarInfo("code/inference.py"); info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            s3.put_object(Bucket="transform", Key=f"models/{name}.tar.gz", Body=buffer.getvalue())
            sm.create_model(ModelName=name, ExecutionRoleArn=ROLE, PrimaryContainer={"Image": SKLEARN,
                            "ModelDataUrl": f"s3://transform/models/{name}.tar.gz", "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}})

        def transform(name, model, prefix, content_type, **extra):
            sm.create_transform_job(TransformJobName=name, ModelName=model,
                TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://transform/{prefix}"}},
                                "ContentType": content_type, "SplitType": "Line"},
                TransformOutput={"S3OutputPath": f"s3://transform/out/{name}", "AssembleWith": "Line"},
                TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": extra.pop("count", 1)}, **extra)

        def wait(name):
            try:
                sm.get_waiter("transform_job_completed_or_stopped").wait(TransformJobName=name, WaiterConfig={"Delay": 0.5, "MaxAttempts": 240})
            except botocore.exceptions.WaiterError as failed:
                if "Failed" not in str(failed):
                    raise
            return sm.describe_transform_job(TransformJobName=name)

        def output(name, key):
            return s3.get_object(Bucket="transform", Key=f"out/{name}/{key}")["Body"].read().decode()

        """;

    private readonly Boto3 boto3 = new(server);

    [Fact]
    public async Task ATransformOverSeveralFilesWithLineSplittingAndMultiRecordBatchesEqualsPythonXGBoostRowForRow() => await RunAsync(""""
        rng = np.random.default_rng(7)
        X = rng.normal(size=(4000, 6)).astype(np.float32)
        y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(float)
        booster = xgb.train({"objective": "binary:logistic", "max_depth": 4}, xgb.DMatrix(X, label=y), 25)
        booster.save_model("/tmp/sagebrush-transform-xgboost-model")
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            tar.add("/tmp/sagebrush-transform-xgboost-model", arcname="xgboost-model")
        s3.put_object(Bucket="transform", Key="models/xgb.tar.gz", Body=buffer.getvalue())
        sm.create_model(ModelName="xgb", ExecutionRoleArn=ROLE, PrimaryContainer={
            "Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "ModelDataUrl": "s3://transform/models/xgb.tar.gz"})
        for i in range(4):
            rows = X[i * 1000:(i + 1) * 1000]
            s3.put_object(Bucket="transform", Key=f"rows/day-{i}.csv", Body="".join(",".join(repr(float(v)) for v in r) + "\n" for r in rows).encode())
        transform("xgb-batch", "xgb", "rows/", "text/csv", count=2, BatchStrategy="MultiRecord", MaxPayloadInMB=1, MaxConcurrentTransforms=2)
        d = wait("xgb-batch")
        assert d["TransformJobStatus"] == "Completed", d.get("FailureReason")
        assert d["TransformStartTime"] <= d["TransformEndTime"], d
        expected = booster.predict(xgb.DMatrix(X))
        got = np.array([float(v) for i in range(4) for v in output("xgb-batch", f"day-{i}.csv.out").splitlines()])
        assert got.shape == expected.shape, got.shape
        assert np.allclose(got, expected, rtol=0, atol=1e-6), np.abs(got - expected).max()
        streams = [s["logStreamName"] for s in logs.describe_log_streams(logGroupName="/aws/sagemaker/TransformJobs", logStreamNamePrefix="xgb-batch/")["logStreams"]]
        assert sum(s.endswith("/data-log") for s in streams) >= 3 and any(not s.endswith("/data-log") for s in streams), streams
        assert [s["TransformJobName"] for s in sm.list_transform_jobs(NameContains="xgb-bat")["TransformJobSummaries"]] == ["xgb-batch"]
        """");

    [Fact]
    public async Task JoinSourceWithInputAndOutputFiltersOnJsonLinesKeepsTheIdBesideThePrediction() => await RunAsync(""""
        script_model("summer", "import json\ndef model_fn(d):\n    return None\n"
            "def transform_fn(model, body, content_type, accept):\n"
            "    assert content_type == 'application/jsonlines', content_type\n"
            "    text = body.decode() if isinstance(body, bytes) else body\n"
            "    lines = [json.loads(l) for l in text.splitlines() if l.strip()]\n"
            "    return ''.join(json.dumps({'score': sum(l)}) + '\\n' for l in lines), 'application/jsonlines'\n")
        records = [{"id": f"r{i}", "features": [i, 2 * i], "note": "x"} for i in range(50)]
        s3.put_object(Bucket="transform", Key="json/records.jsonl", Body="".join(json.dumps(r) + "\n" for r in records).encode())
        transform("joined", "summer", "json/", "application/jsonlines", BatchStrategy="MultiRecord",
                  DataProcessing={"InputFilter": "$.features", "JoinSource": "Input", "OutputFilter": "$['id','SageMakerOutput']"})
        d = wait("joined")
        assert d["TransformJobStatus"] == "Completed", d.get("FailureReason")
        assert d["DataProcessing"] == {"InputFilter": "$.features", "JoinSource": "Input", "OutputFilter": "$['id','SageMakerOutput']"}, d["DataProcessing"]
        lines = [json.loads(l) for l in output("joined", "records.jsonl.out").splitlines()]
        assert lines == [{"id": f"r{i}", "SageMakerOutput": {"score": 3 * i}} for i in range(50)], lines[:3]

        # A CSV record is filtered as its columns: drop the id for the model, keep it and the answer after.
        s3.put_object(Bucket="transform", Key="csv/rows.csv", Body="".join(f"id{i},{i},{i}\n" for i in range(10)).encode())
        script_model("csv-summer", "def model_fn(d):\n    return None\n"
            "def transform_fn(model, body, content_type, accept):\n"
            "    text = body.decode() if isinstance(body, bytes) else body\n"
            "    return ''.join(str(sum(float(v) for v in l.split(','))) + '\\n' for l in text.splitlines()), 'text/csv'\n")
        transform("csv-joined", "csv-summer", "csv/", "text/csv", BatchStrategy="MultiRecord",
                  DataProcessing={"InputFilter": "$[1:]", "JoinSource": "Input", "OutputFilter": "$[0,-1]"})
        d = wait("csv-joined")
        assert d["TransformJobStatus"] == "Completed", d.get("FailureReason")
        assert output("csv-joined", "rows.csv.out").splitlines() == [f"id{i},{2.0 * i}" for i in range(10)], output("csv-joined", "rows.csv.out")
        """");

    [Fact]
    public async Task AModelThatRefusesOneRecordFailsTheJobNamingTheFileAndLine() => await RunAsync(""""
        script_model("picky", "def model_fn(d):\n    return None\n"
            "def transform_fn(model, body, content_type, accept):\n"
            "    text = body.decode() if isinstance(body, bytes) else body\n"
            "    if 'bad' in text:\n"
            "        raise ValueError('cannot read ' + repr(text[:40]))\n"
            "    return text, 'text/csv'\n")
        s3.put_object(Bucket="transform", Key="picky/a.csv", Body="".join(("bad,1" if i == 37 else f"{i},1") + "\n" for i in range(60)).encode())
        transform("picky-job", "picky", "picky/", "text/csv", BatchStrategy="MultiRecord", ModelClientConfig={"InvocationsMaxRetries": 0})
        d = wait("picky-job")
        assert d["TransformJobStatus"] == "Failed", d
        reason = d["FailureReason"]
        assert reason.startswith("ClientError: See job logs for more information.") and "line 38 of s3://transform/picky/a.csv" in reason, reason
        """");

    [Fact]
    public async Task StopTransformJobStopsItsInstances() => await RunAsync(""""
        script_model("slow", "import time\ndef model_fn(d):\n    return None\n"
            "def transform_fn(model, body, content_type, accept):\n    time.sleep(30)\n    return body, 'text/csv'\n")
        s3.put_object(Bucket="transform", Key="slow/a.csv", Body=b"1\n2\n")
        transform("slow-job", "slow", "slow/", "text/csv")
        for _ in range(300):
            try:
                streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/TransformJobs", logStreamNamePrefix="slow-job/agent")["logStreams"]
                if streams:
                    break
            except logs.exceptions.ResourceNotFoundException:
                pass
            time.sleep(0.1)
        sm.stop_transform_job(TransformJobName="slow-job")
        d = wait("slow-job")
        assert d["TransformJobStatus"] == "Stopped", d
        assert "Contents" not in s3.list_objects_v2(Bucket="transform", Prefix="out/slow-job/"), "a stopped job uploads nothing"
        """");

    [Fact]
    public async Task BadTransformRequestsGetAwsErrorsAndStoreNothing() => await RunAsync(""""
        script_model("echo", "def model_fn(d):\n    return None\ndef transform_fn(model, body, content_type, accept):\n    return body, 'text/csv'\n")
        def refused(**changes):
            request = dict(TransformJobName="bad-transform", ModelName="echo",
                TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://transform/rows/"}}, "SplitType": "Line"},
                TransformOutput={"S3OutputPath": "s3://transform/out/bad"},
                TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1})
            request.update(changes)
            e = error_of(lambda: sm.create_transform_job(**request))
            return e["Error"]["Code"], e["Error"]["Message"]

        code, message = refused(ModelName="no-such-model")
        assert code == "ValidationException" and message.startswith('Could not find model "arn:aws:sagemaker:') and "model/no-such-model" in message, message
        code, message = refused(MaxPayloadInMB=101)
        assert code == "ValidationException" and "MaxPayloadInMB" in message, message
        code, message = refused(MaxPayloadInMB=50, MaxConcurrentTransforms=4)
        assert code == "ValidationException" and "100 MB" in message, message
        code, message = refused(DataProcessing={"InputFilter": "features"})
        assert code == "ValidationException" and "InputFilter" in message, message
        code, message = refused(TransformResources={"InstanceType": "ml.t2.nano", "InstanceCount": 1})
        assert code == "ValidationException" and "instanceType" in message, message
        missing = error_of(lambda: sm.describe_transform_job(TransformJobName="bad-transform"))
        assert missing["Error"]["Code"] == "ValidationException" and "Could not find requested job" in missing["Error"]["Message"], missing

        # A prefix with nothing under it is found when the job runs, as on AWS: the job fails before any instance starts.
        sm.create_transform_job(TransformJobName="empty-prefix", ModelName="echo",
            TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://transform/nothing/"}}},
            TransformOutput={"S3OutputPath": "s3://transform/out/empty"},
            TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1})
        d = wait("empty-prefix")
        assert d["TransformJobStatus"] == "Failed" and d["FailureReason"].startswith("ClientError: No S3 objects found under S3 URL"), d
        """");

    private async Task RunAsync(string script) => (await boto3.RunAsync(Setup + script)).EnsureSuccess();
}
