using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>
/// The calls the SageMaker Python SDK (2.x, 2023) makes, replayed with boto3 exactly as it makes them, and every field
/// it then reads from the answers: <c>Estimator.fit(logs=True)</c> and <c>attach</c>, <c>HyperparameterTuner.fit</c>
/// and <c>attach</c>, <c>SKLearn(entry_point=...).fit</c>, <c>deploy</c> and <c>predict</c>, and <c>Session.default_bucket()</c>.
/// (The SDK itself, 2.170.0, was run against Sagebrush by hand for these flows; CI replays its calls.)
/// </summary>
public sealed class SdkCallSequenceTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private const string Setup = """
        import io, json, tarfile, time
        sm = boto3.client("sagemaker", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))
        sts = boto3.client("sts", endpoint_url=endpoint)
        logs = boto3.client("logs", endpoint_url=endpoint)
        IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
        ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"

        # Session.default_bucket(): the account from STS, then HeadBucket and CreateBucket.
        account = sts.get_caller_identity()["Account"]
        bucket = f"sagemaker-us-east-1-{account}"
        try:
            s3.head_bucket(Bucket=bucket)
        except botocore.exceptions.ClientError:
            s3.create_bucket(Bucket=bucket)

        def sourcedir(key, script):
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
                info = tarfile.TarInfo("train.py"); info.size = len(script); tar.addfile(info, io.BytesIO(script.encode()))
            s3.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())
            return f"s3://{bucket}/{key}"

        def wait_training(name):
            for _ in range(600):
                d = sm.describe_training_job(TrainingJobName=name)
                if d["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"):
                    return d
                time.sleep(0.2)
            raise AssertionError(name)

        def sdk_estimator_init_params(job):
            # What Estimator._prepare_init_params_from_job_description reads (sagemaker 2.170).
            return dict(role=job["RoleArn"], instance_count=job["ResourceConfig"]["InstanceCount"],
                        instance_type=job["ResourceConfig"]["InstanceType"], volume_size=job["ResourceConfig"]["VolumeSizeInGB"],
                        max_run=job["StoppingCondition"]["MaxRuntimeInSeconds"], input_mode=job["AlgorithmSpecification"]["TrainingInputMode"],
                        output_path=job["OutputDataConfig"]["S3OutputPath"], output_kms_key=job["OutputDataConfig"]["KmsKeyId"],
                        hyperparameters=job["HyperParameters"], image_uri=job["AlgorithmSpecification"]["TrainingImage"])

        SCRIPT = "import argparse\np = argparse.ArgumentParser()\np.add_argument('--alpha', type=float, default=0.5)\na, _ = p.parse_known_args()\nprint(f'loss: {(a.alpha - 0.3) ** 2:.6f}', flush=True)\n"

        """;

    private readonly Boto3 boto3 = new(server);

    [Fact]
    public async Task EstimatorFitAndAttachFindEveryFieldTheSdkReads() => await RunAsync("""
        code = sourcedir("sdk-fit/source/sourcedir.tar.gz", SCRIPT)
        name = "sdk-fit-2026-12-03-09-00-00-000"
        sm.create_training_job(
            TrainingJobName=name, RoleArn=ROLE,
            AlgorithmSpecification={"TrainingInputMode": "File", "TrainingImage": IMAGE, "EnableSageMakerMetricsTimeSeries": True,
                                    "MetricDefinitions": [{"Name": "loss", "Regex": "loss: ([0-9.]+)"}]},
            OutputDataConfig={"S3OutputPath": f"s3://{bucket}/"},
            StoppingCondition={"MaxRuntimeInSeconds": 86400},
            ResourceConfig={"VolumeSizeInGB": 30, "InstanceCount": 1, "InstanceType": "ml.m5.large"},
            HyperParameters={"alpha": "0.25", "sagemaker_submit_directory": json.dumps(code), "sagemaker_program": '"train.py"',
                             "sagemaker_container_log_level": "20", "sagemaker_region": '"us-east-1"'},
            DebugHookConfig={"S3OutputPath": f"s3://{bucket}/", "CollectionConfigurations": []},
            ProfilerRuleConfigurations=[{"RuleConfigurationName": "ProfilerReport-1701594000", "RuleEvaluatorImage": "503895931360.dkr.ecr.us-east-1.amazonaws.com/sagemaker-debugger-rules:latest",
                                         "RuleParameters": {"rule_to_invoke": "ProfilerReport"}}],
            ProfilerConfig={"S3OutputPath": f"s3://{bucket}/"},
            Environment={}, RetryStrategy={"MaximumRetryAttempts": 1})
        d = wait_training(name)
        assert d["TrainingJobStatus"] == "Completed", d.get("FailureReason")
        params = sdk_estimator_init_params(d)
        assert params["output_kms_key"] == "" and params["volume_size"] == 30, params
        assert d["ProfilerConfig"] == {"S3OutputPath": f"s3://{bucket}/"}, d.get("ProfilerConfig")
        assert d["DebugHookConfig"]["S3OutputPath"] == f"s3://{bucket}/" and d["ProfilerRuleConfigurations"][0]["RuleParameters"] == {"rule_to_invoke": "ProfilerReport"}, d
        assert [m["MetricName"] for m in d["FinalMetricDataList"]] == ["loss"], d["FinalMetricDataList"]
        assert d["ModelArtifacts"]["S3ModelArtifacts"] == f"s3://{bucket}/{name}/output/model.tar.gz", d["ModelArtifacts"]
        # logs=True: the SDK tails the job's streams.
        streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs", logStreamNamePrefix=name + "/", orderBy="LogStreamName")["logStreams"]
        events = logs.get_log_events(logGroupName="/aws/sagemaker/TrainingJobs", logStreamName=streams[0]["logStreamName"], startFromHead=True)["events"]
        assert any("loss:" in e["message"] for e in events), events
        assert sm.list_tags(ResourceArn=d["TrainingJobArn"])["Tags"] == []
        """);

    [Fact]
    public async Task TunerFitWithTheSdksResourceConfigAndAttachFindEveryFieldTheSdkReads() => await RunAsync("""
        code = sourcedir("sdk-tune/source/sourcedir.tar.gz", SCRIPT)
        name = "sdk-tune-231203-0900"
        sm.create_hyper_parameter_tuning_job(
            HyperParameterTuningJobName=name,
            HyperParameterTuningJobConfig={
                "Strategy": "Random", "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": "loss"},
                "ResourceLimits": {"MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 2},
                "TrainingJobEarlyStoppingType": "Off",
                "ParameterRanges": {"ContinuousParameterRanges": [{"Name": "alpha", "MinValue": "0.0", "MaxValue": "1.0", "ScalingType": "Auto"}],
                                    "IntegerParameterRanges": [], "CategoricalParameterRanges": []}},
            TrainingJobDefinition={
                "StaticHyperParameters": {"sagemaker_submit_directory": json.dumps(code), "sagemaker_program": '"train.py"',
                                          "sagemaker_container_log_level": "20", "sagemaker_region": '"us-east-1"'},
                "RoleArn": ROLE, "OutputDataConfig": {"S3OutputPath": f"s3://{bucket}/"},
                "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
                "HyperParameterTuningResourceConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 30},
                "AlgorithmSpecification": {"TrainingInputMode": "File", "TrainingImage": IMAGE,
                                           "MetricDefinitions": [{"Name": "loss", "Regex": "loss: ([0-9.]+)"}]}})
        for _ in range(900):
            t = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name)
            if t["HyperParameterTuningJobStatus"] in ("Completed", "Failed", "Stopped"):
                break
            time.sleep(0.2)
        assert t["HyperParameterTuningJobStatus"] == "Completed", t
        definition = t["TrainingJobDefinition"]
        assert [m["Name"] for m in definition["AlgorithmSpecification"]["MetricDefinitions"]] == ["loss"], definition["AlgorithmSpecification"]
        assert definition["HyperParameterTuningResourceConfig"] == {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 30}, definition
        # HyperparameterTuner.attach: the reserved key is there to delete, and an estimator can be built from the definition.
        statics = dict(definition["StaticHyperParameters"])
        assert statics.pop("_tuning_objective_metric") == "loss", definition["StaticHyperParameters"]
        definition = dict(definition, HyperParameters=statics, TrainingJobName="")
        definition["OutputDataConfig"].setdefault("KmsKeyId", "")  # as the SDK itself does for a tuning definition
        params = sdk_estimator_init_params(definition)
        assert (params["instance_type"], params["instance_count"], params["volume_size"]) == ("ml.m5.large", 1, 30), params
        # tuner.deploy / best_estimator: Estimator.attach on the best training job.
        best = sm.describe_training_job(TrainingJobName=t["BestTrainingJob"]["TrainingJobName"])
        assert sdk_estimator_init_params(best)["output_kms_key"] == "" and best["TuningJobArn"] == t["HyperParameterTuningJobArn"], best
        assert best["HyperParameters"]["_tuning_objective_metric"] == "loss", best["HyperParameters"]
        """);

    [Fact]
    public async Task SklearnFitDeployAndPredictAsTheSdkCallsThem() => await RunAsync("""
        script = (
            "import os, joblib, numpy as np\n"
            "from sklearn.linear_model import LogisticRegression\n"
            "if __name__ == '__main__':\n"
            "    rng = np.random.default_rng(0); X = rng.uniform(-1, 1, (500, 3)); y = (X[:, 0] > X[:, 1]).astype(int)\n"
            "    joblib.dump(LogisticRegression().fit(X, y), os.path.join(os.environ['SM_MODEL_DIR'], 'model.joblib'))\n"
            "def model_fn(model_dir):\n"
            "    return joblib.load(os.path.join(model_dir, 'model.joblib'))\n")
        name = "sagemaker-scikit-learn-2026-12-03-09-30-00-000"
        code = sourcedir(f"{name}/source/sourcedir.tar.gz", script)
        env = {"sagemaker_program": '"train.py"', "sagemaker_submit_directory": json.dumps(code), "sagemaker_container_log_level": "20",
               "sagemaker_job_name": json.dumps(name), "sagemaker_region": '"us-east-1"'}
        sm.create_training_job(TrainingJobName=name, RoleArn=ROLE, HyperParameters=env,
            AlgorithmSpecification={"TrainingInputMode": "File", "TrainingImage": IMAGE, "EnableSageMakerMetricsTimeSeries": True},
            OutputDataConfig={"S3OutputPath": f"s3://{bucket}/"}, StoppingCondition={"MaxRuntimeInSeconds": 86400},
            ResourceConfig={"VolumeSizeInGB": 30, "InstanceCount": 1, "InstanceType": "ml.m5.large"},
            DebugHookConfig={"S3OutputPath": f"s3://{bucket}/", "CollectionConfigurations": []}, Environment={}, RetryStrategy={"MaximumRetryAttempts": 1})
        d = wait_training(name)
        assert d["TrainingJobStatus"] == "Completed", d.get("FailureReason")
        # SKLearnModel.prepare_container_def: the serving image, the model data, the script-mode environment.
        sm.create_model(ModelName=name, ExecutionRoleArn=ROLE, PrimaryContainer={
            "Image": IMAGE, "ModelDataUrl": d["ModelArtifacts"]["S3ModelArtifacts"],
            "Environment": {"SAGEMAKER_PROGRAM": "train.py", "SAGEMAKER_SUBMIT_DIRECTORY": code, "SAGEMAKER_CONTAINER_LOG_LEVEL": "20", "SAGEMAKER_REGION": "us-east-1"}})
        sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[
            {"ModelName": name, "VariantName": "AllTraffic", "InitialVariantWeight": 1, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
        sm.create_endpoint(EndpointName=name, EndpointConfigName=name)
        for _ in range(600):
            e = sm.describe_endpoint(EndpointName=name)
            if e["EndpointStatus"] in ("InService", "Failed"):
                break
            time.sleep(0.2)
        assert e["EndpointStatus"] == "InService", e.get("FailureReason")
        # The SKLearnPredictor's NumpySerializer and NumpyDeserializer.
        import numpy as np
        body = io.BytesIO(); np.save(body, np.array([[0.5, -0.5, 0.0], [-0.5, 0.5, 0.0]]))
        runtime = boto3.client("sagemaker-runtime", endpoint_url=endpoint)
        r = runtime.invoke_endpoint(EndpointName=name, Body=body.getvalue(), ContentType="application/x-npy", Accept="application/x-npy")
        assert r["ContentType"] == "application/x-npy", r
        assert np.load(io.BytesIO(r["Body"].read()), allow_pickle=False).tolist() == [1, 0]
        sm.delete_endpoint(EndpointName=name)
        """);

    private async Task RunAsync(string script) => (await boto3.RunAsync(Setup + script)).EnsureSuccess();
}
