using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.Containers;

/// <summary>
/// A user's own image, in the style of SageMaker's "bring your own scikit-learn" example (tests/containers/byoc: a
/// <c>train</c> and a <c>serve</c> program), pushed through the server's ECR and named by its ECR URI: trained, deployed,
/// invoked, run as a processing job and a transform job, through boto3; the container's limits and network checked from
/// inside it. Skipped, saying why, where no Docker engine runs.
/// </summary>
public sealed class BringYourOwnContainerTests(ContainerServerFixture server) : IClassFixture<ContainerServerFixture>
{
    [SkippableFact]
    public async Task AnImagePushedToEcrTrainsServesTwoEndpointsAtOnceAndLeavesNoContainerBehind()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        (await server.RunBoto3Async("""
            d = train("byoc-train", {"decimals": "2"}, environment={"GREETING": "hello"})
            assert d["TrainingJobStatus"] == "Completed", d
            assert d["AlgorithmSpecification"]["TrainingImage"] == IMAGE, d
            files = model_files(d["ModelArtifacts"]["S3ModelArtifacts"])
            assert json.loads(files["centroids.json"]) == {"a": [1.1, 0.95], "b": [5.05, 4.9]}, files
            [lines] = stream_lines("/aws/sagemaker/TrainingJobs", "byoc-train/").values()
            assert "Starting the training on algo-1 of algo-1 as uid 0" in lines and "job byoc-train env hello" in lines, lines
            assert "Training complete. 2 classes from 4 rows" in lines, lines
            digest = ecr.describe_images(repositoryName="byoc", imageIds=[{"imageTag": "v1"}])["imageDetails"][0]["imageDigest"]
            pinned = train("byoc-pinned", image=IMAGE.rsplit(":", 1)[0] + "@" + digest)
            assert pinned["TrainingJobStatus"] == "Completed", pinned

            sm.create_model(ModelName="byoc-model", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE, "ModelDataUrl": d["ModelArtifacts"]["S3ModelArtifacts"]})
            for name in ("byoc-one", "byoc-two"):
                sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[
                    {"VariantName": "AllTraffic", "ModelName": "byoc-model", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}])
                sm.create_endpoint(EndpointName=name, EndpointConfigName=name)
            for name in ("byoc-one", "byoc-two"):
                d = wait(name, "endpoint")
                assert d["EndpointStatus"] == "InService", d
            for name in ("byoc-one", "byoc-two"):
                answer = rt.invoke_endpoint(EndpointName=name, ContentType="text/csv", Body=b"1,1\n5,5\n4.9,5.2\n")
                assert answer["Body"].read() == b"a\nb\nb\n" and answer["InvokedProductionVariant"] == "AllTraffic", answer
            try:
                rt.invoke_endpoint(EndpointName="byoc-one", ContentType="application/json", Body=b"[1, 1]")
                raise AssertionError("the container refused JSON")
            except botocore.exceptions.ClientError as e:
                assert e.response["Error"]["Code"] == "ModelError" and e.response["OriginalStatusCode"] == 415, e.response
                assert "This predictor only supports CSV data" in e.response["OriginalMessage"], e.response
            served = stream_until("/aws/sagemaker/Endpoints/byoc-one", "AllTraffic/", lambda line: line.startswith("Starting the inference server"))
            assert served[0] == "Starting the inference server with 2 classes on port 8080", served
            # The container's memory, read from the cgroup its runtime made, as a sandboxed instance's is.
            import datetime
            cw = boto3.client("cloudwatch", endpoint_url=endpoint, config=config)
            now = datetime.datetime.now(datetime.timezone.utc)
            for _ in range(50):
                points = cw.get_metric_statistics(Namespace="/aws/sagemaker/Endpoints", MetricName="MemoryUtilization",
                    Dimensions=[{"Name": "EndpointName", "Value": "byoc-one"}, {"Name": "VariantName", "Value": "AllTraffic"}],
                    StartTime=now - datetime.timedelta(minutes=5), EndTime=now + datetime.timedelta(minutes=1), Period=360, Statistics=["Maximum"])["Datapoints"]
                if points:
                    break
                time.sleep(0.2)
            assert points and 0 < points[0]["Maximum"] < 10, points  # a small Python server in 8 GiB
            for name in ("byoc-one", "byoc-two"):
                sm.delete_endpoint(EndpointName=name)
            """)).EnsureSuccess();

        var left = "";
        for (var i = 0; i < 100; i++)
        {
            left = (await DockerImages.RunAsync(null, "ps", "--all", "--quiet", "--filter", "label=sagebrush.owner=" + server.DataDir)).EnsureSuccess().StandardOutput.Trim();
            if (left.Length == 0)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("", left);
    }

    [SkippableFact]
    public async Task AContainerHasOnlyItsOwnLoopbackItsWorkspaceNoExtraCapabilityAndNoMoreMemoryThanItsInstanceType()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        (await server.RunBoto3Async($$"""
            d = train("byoc-probe", {"probe": str(PORT), "hidden": "{{server.DataDir}},{{server.DataDir}}/metadata.db"})
            assert d["TrainingJobStatus"] == "Completed", d
            [lines] = stream_lines("/aws/sagemaker/TrainingJobs", "byoc-probe/").values()
            assert "interfaces lo" in lines, lines
            assert f"unreachable 127.0.0.1 {PORT} ConnectionRefusedError" in lines, lines
            assert "unreachable 1.1.1.1 53 OSError" in lines, lines
            assert "capabilities none of NET_ADMIN,NET_RAW,SYS_ADMIN,MKNOD" in lines and "mounted /opt/ml" in lines, lines
            assert "server data visible False" in lines, lines

            d = train("byoc-memory", {"allocate_mb": "9000"}, instance_type="ml.m5.large")
            assert d["TrainingJobStatus"] == "Failed", d
            assert d["FailureReason"].startswith("OutOfMemoryError: Please use an instance type with more memory"), d
            """)).EnsureSuccess();
    }

    [SkippableFact]
    public async Task TheHostsOfOneJobShareANetworkAndEachKnowsTheOthers()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        (await server.RunBoto3Async("""
            d = train("byoc-pair", count=2)
            assert d["TrainingJobStatus"] == "Completed", d
            streams = stream_lines("/aws/sagemaker/TrainingJobs", "byoc-pair/")
            assert sorted(name.split("/")[1].rsplit("-", 1)[0] for name in streams) == ["algo-1", "algo-2"], streams
            started = sorted(line for lines in streams.values() for line in lines if line.startswith("Starting the training"))
            assert started == ["Starting the training on algo-1 of algo-1,algo-2 as uid 0", "Starting the training on algo-2 of algo-1,algo-2 as uid 0"], streams
            """)).EnsureSuccess();
    }

    [SkippableFact]
    public async Task AProcessingJobRunsItsContainerEntrypointAndArgumentsInTheImage()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        (await server.RunBoto3Async("""
            s3.put_object(Bucket="byoc-data", Key="raw/a.csv", Body=b"1\n2\n3\n")
            s3.put_object(Bucket="byoc-data", Key="raw/b.csv", Body=b"4\n")
            sm.create_processing_job(ProcessingJobName="byoc-count", RoleArn=ROLE,
                AppSpecification={"ImageUri": IMAGE, "ContainerEntrypoint": ["process"], "ContainerArguments": ["/opt/ml/processing/input", "/opt/ml/processing/output"]},
                ProcessingInputs=[{"InputName": "raw", "S3Input": {"S3Uri": "s3://byoc-data/raw/", "LocalPath": "/opt/ml/processing/input", "S3DataType": "S3Prefix", "S3InputMode": "File"}}],
                ProcessingOutputConfig={"Outputs": [{"OutputName": "counts", "S3Output": {"S3Uri": "s3://byoc-data/counts/", "LocalPath": "/opt/ml/processing/output", "S3UploadMode": "EndOfJob"}}]},
                ProcessingResources={"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 5}})
            d = wait("byoc-count", "processing")
            assert d["ProcessingJobStatus"] == "Completed", d
            assert s3.get_object(Bucket="byoc-data", Key="counts/a.csv.count")["Body"].read() == b"3\n"
            assert s3.get_object(Bucket="byoc-data", Key="counts/b.csv.count")["Body"].read() == b"1\n"
            """)).EnsureSuccess();
    }

    [SkippableFact]
    public async Task ATrainingJobRunsItsContainerEntrypointWithItsArgumentsInsteadOfTrain()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        (await server.RunBoto3Async("""
            program = "import sys, pathlib; pathlib.Path('/opt/ml/model/argv.json').write_text(__import__('json').dumps(sys.argv[1:]))"
            spec = {"ContainerEntrypoint": ["python3", "-c", program], "ContainerArguments": ["--epochs", "3"]}
            d = train("byoc-entrypoint", algorithm=spec)
            assert d["TrainingJobStatus"] == "Completed", d
            assert {k: d["AlgorithmSpecification"][k] for k in spec} == spec, d["AlgorithmSpecification"]
            assert json.loads(model_files(d["ModelArtifacts"]["S3ModelArtifacts"])["argv.json"]) == ["--epochs", "3"]

            d = train("byoc-arguments", algorithm={"ContainerArguments": ["no-such-command"]})
            assert d["TrainingJobStatus"] == "Failed" and "no-such-command" in d["FailureReason"], d
            e = error_of(lambda: train("framework-entrypoint", image="683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3",
                                       algorithm={"ContainerEntrypoint": ["python3", "train.py"]}))
            assert e["Code"] == "ValidationException" and "of your own" in e["Message"], e
            """)).EnsureSuccess();
    }

    [SkippableFact]
    public async Task ATransformJobSendsItsRecordsToTheImagesServeProgram()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        (await server.RunBoto3Async("""
            d = train("byoc-batch-model")
            sm.create_model(ModelName="byoc-batch", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE, "ModelDataUrl": d["ModelArtifacts"]["S3ModelArtifacts"]})
            s3.put_object(Bucket="byoc-data", Key="batch/in.csv", Body=b"1,1\n5,5\n1.1,1\n")
            sm.create_transform_job(TransformJobName="byoc-batch", ModelName="byoc-batch",
                TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://byoc-data/batch/"}}, "ContentType": "text/csv", "SplitType": "Line"},
                TransformOutput={"S3OutputPath": "s3://byoc-data/batch-out/"}, TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1})
            d = wait("byoc-batch", "transform")
            assert d["TransformJobStatus"] == "Completed", d
            assert s3.get_object(Bucket="byoc-data", Key="batch-out/in.csv.out")["Body"].read() == b"a\nb\na\n"
            """)).EnsureSuccess();
    }

    [SkippableFact]
    public async Task AnImageNoRepositoryHoldsFailsTheJobAndTheEndpointSayingWhereToPushIt()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        (await server.RunBoto3Async("""
            missing = "000000000000.dkr.ecr.us-east-1.amazonaws.com/nowhere:v1"
            d = train("byoc-missing", image=missing)
            assert d["TrainingJobStatus"] == "Failed", d
            assert d["FailureReason"].startswith(f"ClientError: The image '{missing}' is neither in a repository of this server's ECR"), d

            sm.create_model(ModelName="byoc-nowhere", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": missing})
            sm.create_endpoint_config(EndpointConfigName="byoc-nowhere", ProductionVariants=[
                {"VariantName": "AllTraffic", "ModelName": "byoc-nowhere", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1}])
            sm.create_endpoint(EndpointName="byoc-nowhere", EndpointConfigName="byoc-nowhere")
            d = wait("byoc-nowhere", "endpoint")
            assert d["EndpointStatus"] == "Failed" and "is neither in a repository of this server's ECR" in d["FailureReason"], d
            """)).EnsureSuccess();
    }
}
