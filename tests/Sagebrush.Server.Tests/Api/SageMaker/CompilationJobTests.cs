using System.Text.Json;
using Sagebrush.Server.Tests.Api.SageMaker.Hosting;

namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>
/// Neo's compilation jobs through boto3 and the AWS CLI on a real server: an XGBoost model Python trained is compiled
/// in the sandbox, deployed with the InferenceImage the job names, and answers what the uncompiled model answers.
/// </summary>
public sealed class CompilationJobTests(ServingServerFixture server) : IClassFixture<ServingServerFixture>
{
    private const string Setup = """
        import numpy as np, xgboost as xgb
        def train(name, objective, extra=None):
            rng = np.random.default_rng(7)
            X = rng.normal(size=(800, 12)).astype(np.float32)
            X[rng.random(X.shape) < 0.1] = np.nan
            signal = np.nansum(X[:, :3], axis=1)
            params = {"objective": objective, "max_depth": 5, "nthread": 1, **(extra or {})}
            y = np.digitize(signal, [-1, 0, 1]).astype(np.float32) if objective.startswith("multi:") else (signal > 0).astype(np.float32) if objective.startswith("binary:") else signal
            booster = xgb.train(params, xgb.DMatrix(X, label=y), 30)
            booster.save_model("/tmp/xgboost-model")
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
                tar.add("/tmp/xgboost-model", arcname="xgboost-model")
            s3.put_object(Bucket="models", Key=f"{name}/model.tar.gz", Body=buffer.getvalue())
            return f"s3://models/{name}/model.tar.gz"
        def compile(name, uri, framework="XGBOOST", target={"TargetDevice": "ml_c5"}):
            return sm.create_compilation_job(CompilationJobName=name, RoleArn=ROLE,
                InputConfig={"S3Uri": uri, "DataInputConfig": '{"data": [1, 12]}', "Framework": framework},
                OutputConfig={"S3OutputLocation": f"s3://models/compiled/{name}", **target},
                StoppingCondition={"MaxRuntimeInSeconds": 300})
        def finished(name):
            for _ in range(600):
                d = sm.describe_compilation_job(CompilationJobName=name)
                if d["CompilationJobStatus"] in ("COMPLETED", "FAILED", "STOPPED"):
                    return d
                time.sleep(0.1)
            raise AssertionError(d)
        def serve(name, image, data):
            sm.create_model(ModelName=name, ExecutionRoleArn=ROLE, PrimaryContainer={"Image": image, "ModelDataUrl": data})
            config(name, [("AllTraffic", name, 1, 1.0)])
            endpoint(name, name)
        rng = np.random.default_rng(3)
        X = rng.normal(size=(200, 12)).astype(np.float32)
        X[rng.random(X.shape) < 0.1] = np.nan
        body = "\n".join(",".join("" if np.isnan(v) else repr(float(v)) for v in row) for row in X)
        def predictions(name, accept="text/csv"):
            return rt.invoke_endpoint(EndpointName=name, Body=body, ContentType="text/csv", Accept=accept)["Body"].read().decode()

        """;

    [Theory]
    [InlineData("binary:logistic", "{}")]
    [InlineData("multi:softprob", "{\"num_class\": 4}")]
    public async Task ACompiledModelServesWhatTheUncompiledModelServes(string objective, string extra) => (await server.RunBoto3Async(Setup + $$"""
        name = "neo-" + "{{objective}}".replace(":", "-")
        uri = train(name, "{{objective}}", json.loads('{{extra}}'))
        arn = compile(name, uri)["CompilationJobArn"]
        assert arn.endswith(f":compilation-job/{name}"), arn
        d = finished(name)
        assert d["CompilationJobStatus"] == "COMPLETED", d["FailureReason"]
        assert d["FailureReason"] == "" and d["CompilationStartTime"] <= d["CompilationEndTime"], d
        artifact = d["ModelArtifacts"]["S3ModelArtifacts"]
        assert artifact == f"s3://models/compiled/{name}/model-ml_c5.tar.gz", artifact
        assert d["InferenceImage"] == "785573368785.dkr.ecr.us-east-1.amazonaws.com/xgboost-neo:latest", d
        assert len(d["ModelDigests"]["ArtifactDigest"]) == 64, d

        serve(name + "-neo", d["InferenceImage"], artifact)
        serve(name + "-plain", "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", uri)
        for accept in ("text/csv", "application/json"):
            compiled, plain = predictions(name + "-neo", accept), predictions(name + "-plain", accept)
            numbers = lambda text: [float(v) for v in text.replace("[", " ").replace("]", " ").replace("{", " ").replace("}", " ").replace(":", " ").replace(",", " ").split() if v[0] in "-0123456789"]
            a, b = numbers(compiled), numbers(plain)
            assert len(a) == len(b) > 0 and max(abs(x - y) for x, y in zip(a, b)) <= 1e-6, (compiled[:200], plain[:200])
        """, TimeSpan.FromMinutes(4))).EnsureSuccess();

    [Fact]
    public async Task AModelThatIsNotXGBoostFailsTheJobWithAReason() => (await server.RunBoto3Async(Setup + """
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            data = b"certainly not a booster"
            info = tarfile.TarInfo("xgboost-model"); info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        s3.put_object(Bucket="models", Key="junk/model.tar.gz", Body=buffer.getvalue())
        compile("junk", "s3://models/junk/model.tar.gz")
        d = finished("junk")
        assert d["CompilationJobStatus"] == "FAILED", d
        assert d["FailureReason"].startswith("ClientError: The model in the archive is not an XGBoost model"), d["FailureReason"]
        assert d["ModelArtifacts"]["S3ModelArtifacts"] == "", d

        missing = compile("missing", "s3://models/nowhere/model.tar.gz")
        d = finished("missing")
        assert d["CompilationJobStatus"] == "FAILED" and "Unable to download the model" in d["FailureReason"], d
        """)).EnsureSuccess();

    [Fact]
    public async Task WhatSagebrushCannotCompileIsAValidationExceptionAndNothingIsKept() => (await server.RunBoto3Async(Setup + """
        uri = "s3://models/any/model.tar.gz"
        for framework, target, words in [
                ("PYTORCH", {"TargetDevice": "ml_c5"}, "Framework PYTORCH is not supported"),
                ("XGBOOST", {"TargetDevice": "ml_p3"}, "Target ml_p3 is not supported"),
                ("XGBOOST", {"TargetPlatform": {"Os": "LINUX", "Arch": "ARM64"}}, "Target LINUX/ARM64 is not supported"),
                ("XGBOOST", {"TargetDevice": "ml_c5", "TargetPlatform": {"Os": "LINUX", "Arch": "X86_64"}}, "exactly one of TargetDevice and TargetPlatform")]:
            e = error_of(lambda: compile("refused", uri, framework, target))
            assert e["Error"]["Code"] == "ValidationException" and words in e["Error"]["Message"], (framework, target, e)
        assert error_of(lambda: sm.describe_compilation_job(CompilationJobName="refused"))["Error"]["Code"] == "ResourceNotFound"
        """)).EnsureSuccess();

    [Fact]
    public async Task TheCliListsStopsAndDeletesCompilationJobs()
    {
        (await server.RunBoto3Async(Setup + """
            uri = train("cli", "binary:logistic")
            compile("cli-done", uri, target={"TargetPlatform": {"Os": "LINUX", "Arch": "X86_64"}})
            assert finished("cli-done")["CompilationJobStatus"] == "COMPLETED"
            """)).EnsureSuccess();

        var listed = (await server.RunCliAsync("sagemaker", "list-compilation-jobs", "--name-contains", "cli-", "--status-equals", "COMPLETED")).EnsureSuccess();
        using var list = JsonDocument.Parse(listed.StandardOutput);
        var summary = Assert.Single(list.RootElement.GetProperty("CompilationJobSummaries").EnumerateArray());
        Assert.Equal("cli-done", summary.GetProperty("CompilationJobName").GetString());
        Assert.Equal("LINUX", summary.GetProperty("CompilationTargetPlatformOs").GetString());
        Assert.Equal("X86_64", summary.GetProperty("CompilationTargetPlatformArch").GetString());

        var stop = await server.RunCliAsync("sagemaker", "stop-compilation-job", "--compilation-job-name", "cli-done");
        Assert.NotEqual(0, stop.ExitCode);
        Assert.Contains("cannot be stopped", stop.StandardError, StringComparison.Ordinal);
        // DeleteCompilationJob is newer than Debian's CLI and boto3: boto3 with the operation added to its model.
        var newer = NewerSageMakerModel.Python.Replace("endpoint_url=endpoint,", "endpoint_url=endpoint_url,", StringComparison.Ordinal);
        (await server.RunBoto3Async(newer + """
            sm.delete_compilation_job(CompilationJobName="cli-done")
            """)).EnsureSuccess();
        var gone = await server.RunCliAsync("sagemaker", "describe-compilation-job", "--compilation-job-name", "cli-done");
        Assert.Contains("ResourceNotFound", gone.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AVariantWithAnAcceleratorIsServedByItsModelsCompiledVersion() => (await server.RunBoto3Async(Setup + """
        uri = train("eia", "binary:logistic")
        compile("eia", uri)
        assert finished("eia")["CompilationJobStatus"] == "COMPLETED"
        image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
        sm.create_model(ModelName="eia", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": image, "ModelDataUrl": uri})
        wrong = error_of(lambda: sm.create_endpoint_config(EndpointConfigName="eia-wrong", ProductionVariants=[
            {"VariantName": "AllTraffic", "ModelName": "eia", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large", "AcceleratorType": "ml.eia9.huge"}]))
        assert wrong["Error"]["Code"] == "ValidationException" and "acceleratorType" in wrong["Error"]["Message"], wrong
        for name, accelerator in (("eia-on", "ml.eia2.medium"), ("eia-off", None)):
            variant = {"VariantName": "AllTraffic", "ModelName": "eia", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}
            if accelerator:
                variant["AcceleratorType"] = accelerator
            sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[variant])
            endpoint(name, name)
        assert sm.describe_endpoint_config(EndpointConfigName="eia-on")["ProductionVariants"][0]["AcceleratorType"] == "ml.eia2.medium"
        deployed = sm.describe_endpoint(EndpointName="eia-on")["ProductionVariants"][0]["DeployedImages"][0]
        assert deployed["SpecifiedImage"] == image and deployed["ResolvedImage"].endswith("/xgboost-neo:latest"), deployed
        plain = sm.describe_endpoint(EndpointName="eia-off")["ProductionVariants"][0]["DeployedImages"][0]
        assert plain["ResolvedImage"] == image, plain
        assert predictions("eia-on") == predictions("eia-off")
        """)).EnsureSuccess();
}
