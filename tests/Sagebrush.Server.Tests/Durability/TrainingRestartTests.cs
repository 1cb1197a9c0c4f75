using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sagebrush.Core.Training;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Durability;

/// <summary>
/// The real <c>sagebrush server</c> SIGKILLed while a script-mode job trains on the real launcher (bubblewrap when
/// it works): none of the job's processes outlives the server, and the next start finishes the job as Failed
/// without touching what the job read from the object store.
/// </summary>
public sealed class TrainingRestartTests
{
    // Bounds, not expectations.
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    private const string Setup = """
        import io, json, tarfile, time
        sm = boto3.client("sagemaker", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))

        def listing():
            return sorted([o["Key"], o["ETag"], o["Size"]] for o in s3.list_objects_v2(Bucket="training").get("Contents", []))

        """;

    // The script and the child it starts carry the job's marker in their command lines, so the test finds them in
    // /proc whatever PID namespace they run in.
    private const string Script = """
        import argparse, subprocess, sys, time
        parser = argparse.ArgumentParser()
        parser.add_argument("--marker")
        marker = parser.parse_args().marker
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", marker + "-child"])
        print("child started", flush=True)
        time.sleep(600)
        """;

    [Fact]
    public async Task KillingTheServerMidTrainingKillsTheJobsProcessesAndARestartFailsTheJob()
    {
        var marker = "sagebrush-restart-" + Guid.NewGuid().ToString("N");
        await using var server = await ServerProcess.StartAsync();
        var boto3 = new Boto3(server);
        try
        {
            var before = (await boto3.RunAsync(Setup + $$""""
                s3.create_bucket(Bucket="training")
                s3.put_object(Bucket="training", Key="data/train/a.csv", Body=b"1,0.5\n0,0.25\n")
                s3.put_object(Bucket="training", Key="data/train/nested/b.csv", Body=b"1,0.75\n")
                buffer = io.BytesIO()
                with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
                    data = """{{Script}}""".encode()
                    info = tarfile.TarInfo("train.py")
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
                s3.put_object(Bucket="training", Key="code/sourcedir.tar.gz", Body=buffer.getvalue())
                sm.create_training_job(
                    TrainingJobName="interrupted",
                    AlgorithmSpecification={"TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", "TrainingInputMode": "File"},
                    RoleArn="arn:aws:iam::000000000000:role/SageMakerRole",
                    HyperParameters={"sagemaker_program": '"train.py"', "sagemaker_submit_directory": '"s3://training/code/sourcedir.tar.gz"', "marker": json.dumps("{{marker}}")},
                    InputDataConfig=[{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://training/data/train/"} } }],
                    OutputDataConfig={"S3OutputPath": "s3://training/output"},
                    ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
                    StoppingCondition={"MaxRuntimeInSeconds": 600})
                for _ in range(600):
                    d = sm.describe_training_job(TrainingJobName="interrupted")
                    if d["SecondaryStatus"] == "Training" or d["TrainingJobStatus"] != "InProgress":
                        break
                    time.sleep(0.1)
                assert d["TrainingJobStatus"] == "InProgress" and d["SecondaryStatus"] == "Training", d
                print(json.dumps(listing()))
                """")).EnsureSuccess().StandardOutput.Trim();

            // The script is running and has started its child: both are in /proc.
            await WaitForAsync(() => Running(marker + "-child").Count == 1 && Running(marker).Count >= 2, () => $"the job's processes never appeared\n{server.Output}");
            var job = Running(marker);

            Assert.Equal(ServerProcess.KilledExitCode, await server.KillAsync());

            await WaitForAsync(() => Running(marker).Count == 0, () => $"processes of the job outlived the server (before the kill: {Describe(job)}): {Describe(Running(marker))}");

            await server.RestartAsync();
            (await boto3.RunAsync(Setup + $$"""
                d = sm.describe_training_job(TrainingJobName="interrupted")
                assert d["TrainingJobStatus"] == "Failed" and d["SecondaryStatus"] == "Failed", d
                assert d["FailureReason"] == "{{TrainingJobScheduler.RestartFailureReason}}", d["FailureReason"]
                assert d["SecondaryStatusTransitions"][-1]["Status"] == "Failed", d["SecondaryStatusTransitions"]
                names = [j["TrainingJobName"] for j in sm.list_training_jobs(StatusEquals="Failed")["TrainingJobSummaries"]]
                assert names == ["interrupted"], names

                # Inputs and code are where they were, byte for byte (same ETags and sizes), and nothing is gone.
                before = json.loads(r'''{{before}}''')
                after = listing()
                assert after == before, (before, after)
                keys = [k for k, _, _ in after]
                assert {"data/train/a.csv", "data/train/nested/b.csv", "code/sourcedir.tar.gz"} <= set(keys), keys
                """)).EnsureSuccess();
        }
        finally
        {
            // Whatever a failure left running must not outlive the test.
            foreach (var pid in Running(marker).Keys)
            {
                try
                {
                    using var leftover = Process.GetProcessById(pid);
                    leftover.Kill();
                }
                catch (ArgumentException)
                {
                }
                catch (InvalidOperationException)
                {
                }
            }
        }
    }

    /// <summary>Live processes whose command line holds <paramref name="text"/> (zombies have none), by PID.</summary>
    private static Dictionary<int, string> Running(string text)
    {
        var found = new Dictionary<int, string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline"))).Replace('\0', ' ').Trim();
                if (commandLine.Contains(text, StringComparison.Ordinal))
                {
                    found[pid] = commandLine;
                }
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    private static string Describe(Dictionary<int, string> processes) =>
        processes.Count == 0 ? "none" : string.Join("; ", processes.Select(p => $"{p.Key}: {p.Value}"));

    private static async Task WaitForAsync(Func<bool> condition, Func<string> failure)
    {
        using var limit = new CancellationTokenSource(ProcessTimeout);
        while (!condition())
        {
            if (limit.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException(failure());
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
