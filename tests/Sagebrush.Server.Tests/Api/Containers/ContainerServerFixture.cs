using Microsoft.Extensions.DependencyInjection;
using Sagebrush.Core.Hosting.Metrics;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.Containers;

/// <summary>
/// A real server with a Docker engine beside it, and the test's user image pushed into its ECR the way a user pushes it:
/// <c>aws ecr create-repository</c>, <c>aws ecr get-login-password | docker login</c>, <c>docker push</c> (the Debian AWS
/// CLI and docker client, with a docker config of the fixture's own). Scripts get <c>sm</c>, <c>s3</c>, <c>rt</c>,
/// <c>logs</c>, <c>ecr</c>, <c>ROLE</c>, <c>IMAGE</c> (the image in its ECR URI form), <c>error_of</c>, <c>wait(name, kind)</c>
/// <c>stream_lines(group, prefix)</c> and <c>stream_until(group, prefix, wanted)</c>. <see cref="Unavailable"/> says why the container tests skip.
/// </summary>
public sealed class ContainerServerFixture : InProcessServer
{
    public const string Repository = "byoc";
    private readonly string dockerConfig = Path.Combine(Path.GetTempPath(), "sagebrush-docker-" + Guid.NewGuid().ToString("N"));

    public const string Prelude = """
        import os, sys, time, json, io, tarfile, boto3, botocore
        from botocore.config import Config
        endpoint = os.environ["SAGEBRUSH_ENDPOINT"]
        PORT = int(endpoint.rsplit(":", 1)[1])
        config = Config(retries={"max_attempts": 1})
        sm = boto3.client("sagemaker", endpoint_url=endpoint, config=config)
        rt = boto3.client("sagemaker-runtime", endpoint_url=endpoint, config=config)
        logs = boto3.client("logs", endpoint_url=endpoint, config=config)
        ecr = boto3.client("ecr", endpoint_url=endpoint, config=config)
        s3 = boto3.client("s3", endpoint_url=endpoint, config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))
        ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
        IMAGE = "000000000000.dkr.ecr.us-east-1.amazonaws.com/byoc:v1"
        def error_of(call):
            try:
                call()
            except botocore.exceptions.ClientError as e:
                return e.response["Error"]
            raise AssertionError("expected an error")
        BUSY = {"training": ("InProgress", "Stopping"), "processing": ("InProgress", "Stopping"), "transform": ("InProgress", "Stopping"), "endpoint": ("Creating", "Updating", "Deleting")}
        def wait(name, kind, timeout=120):
            describe = {"training": lambda: sm.describe_training_job(TrainingJobName=name), "processing": lambda: sm.describe_processing_job(ProcessingJobName=name),
                        "transform": lambda: sm.describe_transform_job(TransformJobName=name), "endpoint": lambda: sm.describe_endpoint(EndpointName=name)}[kind]
            deadline = time.time() + timeout
            while time.time() < deadline:
                d = describe()
                status = next(v for k, v in d.items() if k.endswith("Status") and isinstance(v, str))
                if status not in BUSY[kind]:
                    return d
                time.sleep(0.1)
            raise AssertionError(("still busy", d))
        def stream_lines(group, prefix):
            lines = {}
            for s in logs.describe_log_streams(logGroupName=group, logStreamNamePrefix=prefix)["logStreams"]:
                events = logs.get_log_events(logGroupName=group, logStreamName=s["logStreamName"], startFromHead=True)["events"]
                lines[s["logStreamName"]] = [e["message"] for e in events]
            return lines
        def stream_until(group, prefix, wanted, timeout=10):
            # A running container's lines reach the log in batches, a moment after it writes them, as in CloudWatch.
            deadline = time.time() + timeout
            while time.time() < deadline:
                try:
                    streams = stream_lines(group, prefix)
                except botocore.exceptions.ClientError:
                    streams = {}
                for lines in streams.values():
                    if any(wanted(line) for line in lines):
                        return lines
                time.sleep(0.1)
            raise AssertionError((group, prefix, streams))
        def train(name, hyperparameters=None, instance_type="ml.m5.large", count=1, image=IMAGE, environment=None, algorithm=None):
            sm.create_training_job(TrainingJobName=name, AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File", **(algorithm or {})}, RoleArn=ROLE,
                HyperParameters=hyperparameters or {}, Environment=environment or {},
                InputDataConfig=[{"ChannelName": "training", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://byoc-data/train/"}}}],
                OutputDataConfig={"S3OutputPath": "s3://byoc-data/output"},
                ResourceConfig={"InstanceType": instance_type, "InstanceCount": count, "VolumeSizeInGB": 5},
                StoppingCondition={"MaxRuntimeInSeconds": 300})
            return wait(name, "training")
        def model_files(uri):
            bucket, key = uri[5:].split("/", 1)
            archive = tarfile.open(fileobj=io.BytesIO(s3.get_object(Bucket=bucket, Key=key)["Body"].read()))
            return {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}

        """;

    /// <summary>Why the container tests cannot run here, or null.</summary>
    public string? Unavailable { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Unavailable = await DockerImages.UnavailableAsync();
        if (Unavailable is not null)
        {
            return;
        }

        var local = await DockerImages.ByocAsync();
        var pushed = $"{Url.Host}:{Url.Port}/{Repository}:v1";
        (await ShellAsync($$"""
            set -e
            aws() { /usr/bin/aws --endpoint-url "$SAGEBRUSH_ENDPOINT" "$@"; }
            aws ecr create-repository --repository-name {{Repository}} > /dev/null
            aws ecr get-login-password | /usr/bin/docker login --username AWS --password-stdin {{Url.Host}}:{{Url.Port}}
            /usr/bin/docker tag {{local}} {{pushed}}
            /usr/bin/docker push {{pushed}} > /dev/null
            /usr/bin/docker rmi {{pushed}} > /dev/null
            aws s3 mb s3://byoc-data > /dev/null
            printf 'a,1,1\na,1.2,0.9\nb,5,5\nb,5.1,4.8\n' | aws s3 cp - s3://byoc-data/train/iris.csv
            """)).EnsureSuccess();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(dockerConfig))
        {
            Directory.Delete(dockerConfig, recursive: true);
        }
    }

    // Instances' CPU and memory sampled every half second, so a test sees them without waiting a minute.
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(new EndpointMetricsOptions { UtilizationInterval = TimeSpan.FromMilliseconds(500) });

    public Task<ProcessResult> RunBoto3Async(string script) => RunPythonAsync(Prelude + script, TimeSpan.FromMinutes(4));

    /// <summary>A bash script with the AWS CLI's environment bound to this server and a docker config of the fixture's own.</summary>
    public Task<ProcessResult> ShellAsync(string script)
    {
        var environment = SagebrushServerFixture.ClientEnvironment(Account.Region);
        environment["SAGEBRUSH_ENDPOINT"] = Endpoint;
        environment["DOCKER_CONFIG"] = dockerConfig;
        return ExternalProcess.RunAsync("/bin/bash", ["-c", script], environment, timeout: TimeSpan.FromMinutes(3));
    }
}
