using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>
/// Script-mode jobs whose code never reaches /opt/ml/code, on the real executor: the FailureReason says what is
/// missing and how script mode expects the code, not what python printed about a file it could not open.
/// </summary>
public sealed class ScriptModeCodeTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private const string Setup = """
        import io, json, tarfile, time
        sm = boto3.client("sagemaker", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))

        def create(name, hyperparameters):
            sm.create_training_job(
                TrainingJobName=name,
                AlgorithmSpecification={"TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", "TrainingInputMode": "File"},
                RoleArn="arn:aws:iam::000000000000:role/SageMakerRole",
                HyperParameters={k: json.dumps(v) for k, v in hyperparameters.items()},
                OutputDataConfig={"S3OutputPath": "s3://code-tests/output"},
                ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
                StoppingCondition={"MaxRuntimeInSeconds": 300})

        def wait(name):
            for _ in range(1200):
                d = sm.describe_training_job(TrainingJobName=name)
                if d["TrainingJobStatus"] not in ("InProgress", "Stopping"):
                    return d
                time.sleep(0.1)
            raise AssertionError(f"{name} did not end: {d}")

        try:
            s3.create_bucket(Bucket="code-tests")
        except s3.exceptions.BucketAlreadyOwnedByYou:
            pass

        """;

    private readonly Boto3 boto3 = new(server);

    [Fact]
    public async Task WithoutASubmitDirectoryTheJobFailsSayingScriptModeNeedsOne() => (await boto3.RunAsync(Setup + """
        create("no-submit-directory", {"sagemaker_program": "train.py", "epochs": 2})
        d = wait("no-submit-directory")
        assert d["TrainingJobStatus"] == "Failed" and d["SecondaryStatus"] == "Failed", d
        reason = d["FailureReason"]
        assert reason.startswith("ClientError: "), reason
        assert "entry point train.py was not found" in reason, reason
        assert "sagemaker_submit_directory" in reason and "s3://" in reason and "sourcedir.tar.gz" in reason, reason
        assert "Errno" not in reason and "ExitCode" not in reason, reason
        """)).EnsureSuccess();

    [Fact]
    public async Task ASubmitDirectoryWithoutTheEntryPointFailsNamingTheArchive() => (await boto3.RunAsync(Setup + """
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            info = tarfile.TarInfo("other.py")
            info.size = 5
            tar.addfile(info, io.BytesIO(b"pass\n"))
        s3.put_object(Bucket="code-tests", Key="code/sourcedir.tar.gz", Body=buffer.getvalue())
        create("wrong-entry-point", {"sagemaker_program": "train.py", "sagemaker_submit_directory": "s3://code-tests/code/sourcedir.tar.gz"})
        d = wait("wrong-entry-point")
        assert d["TrainingJobStatus"] == "Failed", d
        reason = d["FailureReason"]
        assert reason.startswith("ClientError: "), reason
        assert "entry point train.py was not found" in reason and "s3://code-tests/code/sourcedir.tar.gz" in reason, reason
        """)).EnsureSuccess();
}
