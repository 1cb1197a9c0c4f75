using System.Text.Json;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>
/// Processing jobs on a real server, driven by boto3 and the AWS CLI as SKLearnProcessor drives them: the code and the
/// data as ProcessingInputs under /opt/ml/processing, the SDK's waiter, outputs uploaded from their LocalPath, the
/// config files SageMaker writes, ExitMessage, logs in /aws/sagemaker/ProcessingJobs, stop, and AWS's errors.
/// </summary>
public sealed class ProcessingJobTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private const string Setup = """
        import json, time
        sm = boto3.client("sagemaker", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))
        logs = boto3.client("logs", endpoint_url=endpoint)
        ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
        IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
        ensure_bucket("processing")

        def code_input(key, script):
            s3.put_object(Bucket="processing", Key=key, Body=script.encode())
            return {"InputName": "code", "S3Input": {"S3Uri": f"s3://processing/{key}", "LocalPath": "/opt/ml/processing/input/code",
                    "S3DataType": "S3Prefix", "S3InputMode": "File"}}

        def create(name, inputs, outputs=(), count=1, entry="preprocess.py", **extra):
            sm.create_processing_job(
                ProcessingJobName=name, RoleArn=ROLE,
                ProcessingResources={"ClusterConfig": {"InstanceCount": count, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 1}},
                AppSpecification={"ImageUri": IMAGE, "ContainerEntrypoint": ["python3", f"/opt/ml/processing/input/code/{entry}"]},
                ProcessingInputs=inputs,
                ProcessingOutputConfig={"Outputs": [{"OutputName": o, "S3Output": {"S3Uri": f"s3://processing/{name}/{o}",
                    "LocalPath": f"/opt/ml/processing/{o}", "S3UploadMode": "EndOfJob"}} for o in outputs]},
                StoppingCondition={"MaxRuntimeInSeconds": 300}, **extra)

        def wait(name):
            try:
                sm.get_waiter("processing_job_completed_or_stopped").wait(ProcessingJobName=name, WaiterConfig={"Delay": 0.5, "MaxAttempts": 240})
            except botocore.exceptions.WaiterError as failed:
                if "Failed" not in str(failed):
                    raise
            return sm.describe_processing_job(ProcessingJobName=name)

        """;

    private readonly Boto3 boto3 = new(server);
    private readonly AwsCli aws = new(server);

    [Fact]
    public async Task AProcessingJobSplitsAndScalesACsvIntoTrainValidationAndTestShardedByFileAcrossTwoInstances() => await RunAsync(""""
        for i in range(3):
            s3.put_object(Bucket="processing", Key=f"raw/part-{i}.csv", Body="".join(f"{i * 100 + j},{j * 2.0}\n" for j in range(100)).encode())
        script = '''
        import glob, json, os
        host = json.load(open("/opt/ml/config/resourceconfig.json"))
        config = json.load(open("/opt/ml/config/processingjobconfig.json"))
        files = sorted(glob.glob("/opt/ml/processing/input/data/*.csv"))
        rows = [line.strip().split(",") for f in files for line in open(f)]
        top = max(float(r[1]) for r in rows)
        n = len(rows)
        for name, part in (("train", rows[:int(n * .8)]), ("validation", rows[int(n * .8):int(n * .9)]), ("test", rows[int(n * .9):])):
            with open(f"/opt/ml/processing/{name}/{host['current_host']}.csv", "w") as out:
                out.writelines(f"{r[0]},{float(r[1]) / top}\\n" for r in part)
        open("/opt/ml/output/message", "w").write(f"{host['current_host']} of {host['hosts']} split {n} rows of {[os.path.basename(f) for f in files]} for {config['ProcessingJobName']}; ")
        '''
        create("split-scale", [
            {"InputName": "data", "S3Input": {"S3Uri": "s3://processing/raw", "LocalPath": "/opt/ml/processing/input/data",
             "S3DataType": "S3Prefix", "S3InputMode": "File", "S3DataDistributionType": "ShardedByS3Key"}},
            code_input("code/split.py", script)], outputs=("train", "validation", "test"), count=2,
            entry="split.py", Environment={"MODE": "split"}, Tags=[{"Key": "team", "Value": "data"}])
        d = wait("split-scale")
        assert d["ProcessingJobStatus"] == "Completed", d.get("FailureReason")
        # ShardedByS3Key deals the files to the hosts in key order: algo-1 gets part-0 and part-2, algo-2 part-1.
        assert d["ExitMessage"] == ("algo-1 of ['algo-1', 'algo-2'] split 200 rows of ['part-0.csv', 'part-2.csv'] for split-scale; "
                                    "algo-2 of ['algo-1', 'algo-2'] split 100 rows of ['part-1.csv'] for split-scale; "), d["ExitMessage"]
        assert d["ProcessingInputs"][1]["S3Input"]["S3DataDistributionType"] == "FullyReplicated", d["ProcessingInputs"]
        assert d["ProcessingStartTime"] <= d["ProcessingEndTime"] and "FailureReason" not in d, d
        keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="processing", Prefix="split-scale/")["Contents"])
        assert keys == [f"split-scale/{part}/algo-{h}.csv" for part in ("test", "train", "validation") for h in (1, 2)], keys
        train = s3.get_object(Bucket="processing", Key="split-scale/train/algo-1.csv")["Body"].read().decode().splitlines()
        assert len(train) == 160 and max(float(l.split(",")[1]) for l in train) <= 1.0, train[:3]
        tags = sm.list_tags(ResourceArn=d["ProcessingJobArn"])["Tags"]
        assert tags == [{"Key": "team", "Value": "data"}], tags
        streams = [s["logStreamName"] for s in logs.describe_log_streams(logGroupName="/aws/sagemaker/ProcessingJobs", logStreamNamePrefix="split-scale/")["logStreams"]]
        assert len(streams) == 2 and streams[0].startswith("split-scale/algo-1-"), streams
        summaries = sm.list_processing_jobs(NameContains="split-sc")["ProcessingJobSummaries"]
        assert [s["ProcessingJobName"] for s in summaries] == ["split-scale"] and summaries[0]["ProcessingJobStatus"] == "Completed", summaries
        """");

    [Fact]
    public async Task AScriptThatFailsFailsTheJobWithAlgorithmErrorItsStderrAndExitMessageAndUploadsNothing() => await RunAsync(""""
        s3.put_object(Bucket="processing", Key="fail/in.csv", Body=b"1,2\n")
        script = "import sys\nopen('/opt/ml/output/message','w').write('bad column: x')\nopen('/opt/ml/processing/out/partial.csv','w').write('1')\nsys.exit('cannot parse column x')\n"
        create("fails", [{"InputName": "data", "S3Input": {"S3Uri": "s3://processing/fail/", "LocalPath": "/opt/ml/processing/input/data", "S3DataType": "S3Prefix"}},
                         code_input("code/fail.py", script)], outputs=("out",), entry="fail.py")
        d = wait("fails")
        assert d["ProcessingJobStatus"] == "Failed", d
        assert d["FailureReason"].startswith("AlgorithmError: See job logs for more information.") and "cannot parse column x" in d["FailureReason"], d["FailureReason"]
        assert d["ExitMessage"] == "bad column: x", d
        assert "Contents" not in s3.list_objects_v2(Bucket="processing", Prefix="fails/"), "a failed job uploads no output"

        create("no-data", [{"InputName": "data", "S3Input": {"S3Uri": "s3://processing/nothing-here/", "LocalPath": "/opt/ml/processing/input/data", "S3DataType": "S3Prefix"}},
                           code_input("code/fail.py", script)], entry="fail.py")
        d = wait("no-data")
        assert d["ProcessingJobStatus"] == "Failed" and d["FailureReason"].startswith("ClientError: No S3 objects found under S3 URL"), d
        """");

    [Fact]
    public async Task StopProcessingJobStopsARunningScript() => await RunAsync(""""
        script = "import time\nprint('started', flush=True)\ntime.sleep(300)\n"
        create("stopped", [code_input("code/sleep.py", script)], entry="sleep.py")
        for _ in range(200):
            events = []
            try:
                streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/ProcessingJobs", logStreamNamePrefix="stopped/")["logStreams"]
                events = [e["message"] for s in streams for e in logs.get_log_events(logGroupName="/aws/sagemaker/ProcessingJobs", logStreamName=s["logStreamName"])["events"]]
            except logs.exceptions.ResourceNotFoundException:
                pass
            if "started" in events:
                break
            time.sleep(0.1)
        assert "started" in events, events
        sm.stop_processing_job(ProcessingJobName="stopped")
        assert sm.describe_processing_job(ProcessingJobName="stopped")["ProcessingJobStatus"] in ("Stopping", "Stopped")
        d = wait("stopped")
        assert d["ProcessingJobStatus"] == "Stopped", d
        again = error_of(lambda: sm.stop_processing_job(ProcessingJobName="stopped"))
        assert again["Error"]["Code"] == "ValidationException" and "status Stopped" in again["Error"]["Message"], again
        """");

    [Fact]
    public async Task BadProcessingRequestsGetAwsErrorsAndStoreNothing() => await RunAsync(""""
        def refused(**changes):
            request = dict(ProcessingJobName="bad", RoleArn=ROLE,
                ProcessingResources={"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 1}},
                AppSpecification={"ImageUri": IMAGE, "ContainerEntrypoint": ["python3", "/opt/ml/processing/input/code/x.py"]})
            request.update(changes)
            e = error_of(lambda: sm.create_processing_job(**request))
            return e["Error"]["Code"], e["Error"]["Message"]

        code, message = refused(AppSpecification={"ImageUri": "683313688378.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1", "ContainerEntrypoint": ["python3"]})
        assert code == "ValidationException" and "built-in algorithm" in message, message
        code, message = refused(ProcessingInputs=[{"InputName": "d", "S3Input": {"S3Uri": "s3://processing/x", "LocalPath": "/etc/passwd", "S3DataType": "S3Prefix"}}])
        assert code == "ValidationException" and "/opt/ml/processing/" in message, message
        code, message = refused(ProcessingInputs=[{"InputName": "d", "S3Input": {"S3Uri": "s3://processing/x", "LocalPath": "/opt/ml/processing/../../../etc", "S3DataType": "S3Prefix"}}])
        assert code == "ValidationException", message
        code, message = refused(ProcessingResources={"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.huge", "VolumeSizeInGB": 1}})
        assert code == "ValidationException" and "instanceType" in message, message
        code, message = refused(RoleArn="arn:aws:iam::000000000000:role/Nobody")
        assert code == "ValidationException" and "Could not assume role" in message, message
        code, message = refused(AppSpecification={"ImageUri": IMAGE})
        assert code == "ValidationException" and "ContainerEntrypoint" in message, message
        missing = error_of(lambda: sm.describe_processing_job(ProcessingJobName="bad"))
        assert missing["Error"]["Code"] == "ValidationException" and "Could not find requested job with name bad" in missing["Error"]["Message"], missing
        assert all(s["ProcessingJobName"] != "bad" for s in sm.list_processing_jobs()["ProcessingJobSummaries"])
        """");

    [Fact]
    public async Task TheAwsCliRunsAProcessingJobAndSagebrushLogsPrintsIt()
    {
        (await RunScriptAsync(""""
            code_input("cli/hello.py", "print('hello from processing', flush=True)\n")
            """")).EnsureSuccess();
        var work = Directory.CreateTempSubdirectory("sagebrush-processing-cli-").FullName;
        try
        {
            var input = Path.Combine(work, "inputs.json");
            await File.WriteAllTextAsync(input, """[{"InputName": "code", "S3Input": {"S3Uri": "s3://processing/cli/hello.py", "LocalPath": "/opt/ml/processing/input/code", "S3DataType": "S3Prefix"}}]""");
            (await aws.RunAsync(
                "sagemaker", "create-processing-job", "--processing-job-name", "cli-hello",
                "--role-arn", "arn:aws:iam::000000000000:role/SageMakerRole",
                "--processing-resources", "ClusterConfig={InstanceCount=1,InstanceType=ml.t3.medium,VolumeSizeInGB=1}",
                "--app-specification", "ImageUri=sagebrush/sagemaker-scikit-learn:1.2-1,ContainerEntrypoint=python3,/opt/ml/processing/input/code/hello.py",
                "--processing-inputs", "file://" + input)).EnsureSuccess();
            (await aws.RunAsync("sagemaker", "wait", "processing-job-completed-or-stopped", "--processing-job-name", "cli-hello")).EnsureSuccess();
            using var described = JsonDocument.Parse((await aws.RunAsync("sagemaker", "describe-processing-job", "--processing-job-name", "cli-hello")).EnsureSuccess().StandardOutput);
            Assert.Equal("Completed", described.RootElement.GetProperty("ProcessingJobStatus").GetString());
            var printed = (await ExternalProcess.RunAsync(
                "dotnet", [Path.Combine(AppContext.BaseDirectory, "sagebrush.dll"), "logs", "cli-hello", "--data-dir", server.DataDir], new Dictionary<string, string?>())).EnsureSuccess();
            Assert.Contains("hello from processing", printed.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private async Task RunAsync(string script) => (await RunScriptAsync(script)).EnsureSuccess();

    private Task<ProcessResult> RunScriptAsync(string script) => boto3.RunAsync(Setup + script);
}
