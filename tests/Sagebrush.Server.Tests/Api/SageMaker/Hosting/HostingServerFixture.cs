using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.SageMaker.Hosting;

/// <summary>
/// A real server on a random port whose script-mode models run <see cref="EchoModelServer"/> (the router's seed is
/// fixed). See <see cref="HostingFixture"/> for what scripts get.
/// </summary>
public sealed class HostingServerFixture() : HostingFixture(useEchoServer: true);

/// <summary>A real server on a random port whose models run the model servers Sagebrush ships (Python and built-in).</summary>
public sealed class ServingServerFixture() : HostingFixture(useEchoServer: false);

/// <summary>
/// A real server on a random port (the router's seed is fixed). Scripts get <c>sm</c> and <c>rt</c> (boto3 SageMaker and SageMaker Runtime clients without retries),
/// <c>s3</c>, and helpers: <c>model(name, label)</c> uploads a model.tar.gz holding model.txt and creates a model of
/// it, <c>config(name, variants)</c>, <c>endpoint(name, config)</c> (waits for InService), <c>deploy(prefix, instances)</c>
/// (all three: <c>prefix-model</c>, <c>prefix-config</c> with one AllTraffic variant, <c>prefix-ep</c>),
/// <c>invoke(name, body)</c> and <c>error_of(call)</c>.
/// </summary>
public abstract class HostingFixture(bool useEchoServer, string? dataDirParent = null) : InProcessServer(dataDirParent)
{
    private const string Prelude = """
        import os, sys, io, json, time, tarfile, threading, boto3, botocore
        from botocore.config import Config
        endpoint_url = os.environ["SAGEBRUSH_ENDPOINT"]
        cfg = Config(retries={"max_attempts": 1}, read_timeout=70)
        sm = boto3.client("sagemaker", endpoint_url=endpoint_url, config=cfg)
        rt = boto3.client("sagemaker-runtime", endpoint_url=endpoint_url, config=cfg)
        raw = boto3.client("sagemaker", endpoint_url=endpoint_url, config=Config(retries={"max_attempts": 1}, parameter_validation=False))
        s3 = boto3.client("s3", endpoint_url=endpoint_url, config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
        IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
        ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
        try:
            s3.create_bucket(Bucket="models")
        except botocore.exceptions.ClientError:
            pass
        def upload_model(key, label):
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
                data = label.encode()
                info = tarfile.TarInfo("model.txt"); info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            s3.put_object(Bucket="models", Key=key, Body=buffer.getvalue())
            return f"s3://models/{key}"
        def model(name, label=None, env=None, image=IMAGE):
            url = upload_model(f"{name}/model.tar.gz", label or name)
            container = {"Image": image, "ModelDataUrl": url, "Environment": dict({"SAGEMAKER_PROGRAM": "inference.py"}, **(env or {}))}
            return sm.create_model(ModelName=name, PrimaryContainer=container, ExecutionRoleArn=ROLE)["ModelArn"]
        def config(name, variants):
            return sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[
                {"VariantName": v, "ModelName": m, "InitialInstanceCount": n, "InstanceType": "ml.m5.large", "InitialVariantWeight": w}
                for (v, m, n, w) in variants])["EndpointConfigArn"]
        def wait(name, waiter="endpoint_in_service"):
            sm.get_waiter(waiter).wait(EndpointName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
        def endpoint(name, config_name):
            arn = sm.create_endpoint(EndpointName=name, EndpointConfigName=config_name)["EndpointArn"]
            wait(name)
            return arn
        def deploy(prefix, instances=1):
            model(f"{prefix}-model")
            config(f"{prefix}-config", [("AllTraffic", f"{prefix}-model", instances, 1.0)])
            return endpoint(f"{prefix}-ep", f"{prefix}-config")
        def invoke(name, body="x", **extra):
            r = rt.invoke_endpoint(EndpointName=name, Body=body, ContentType="text/plain", **extra)
            return json.loads(r["Body"].read()), r
        def error_of(call):
            try:
                call()
            except botocore.exceptions.ClientError as e:
                return e.response
            raise AssertionError("expected an error")

        """;

    private string? echoServerScript;

    public override async Task InitializeAsync()
    {
        // Not under /tmp: instances see a /tmp of their own.
        if (useEchoServer)
        {
            echoServerScript = Path.Combine(AppContext.BaseDirectory, "echo_model_server.py");
            await File.WriteAllTextAsync(echoServerScript, EchoModelServer.Script);

            // Instances run as a user of their own: the script must be readable by others (the server's umask is 077).
            File.SetUnixFileMode(echoServerScript, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        await base.InitializeAsync();
    }

    public Task<ProcessResult> RunBoto3Async(string script, TimeSpan? timeout = null) =>
        RunPythonAsync(Prelude + script, timeout ?? TimeSpan.FromMinutes(3));

    public Task<ProcessResult> RunCliAsync(params string[] arguments)
    {
        var environment = SagebrushServerFixture.ClientEnvironment(AccountSettings.DefaultRegion);
        return ExternalProcess.RunAsync(AwsCli.Path, ["--endpoint-url", Endpoint, .. arguments], environment);
    }

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(new HostingOptions
        {
            ModelServerScript = echoServerScript,
            RouterSeed = 20240601,
            PingInterval = TimeSpan.FromMilliseconds(500),
            StopGracePeriod = TimeSpan.FromSeconds(3),
            StartupTimeout = TimeSpan.FromSeconds(30),
        });

    /// <summary>
    /// The processes an endpoint runs: every process whose command line names the endpoint's directory (bubblewrap's
    /// does) and every member of their process groups (the model server inside the sandbox).
    /// </summary>
    public IReadOnlyList<int> ProcessesOf(string endpointName)
        => ProcessesUnder(Path.Combine(DataDir, "endpoints", endpointName) + "/");

    /// <summary>Whether a process runs: it exists and is not a zombie.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static IReadOnlyList<int> ProcessesUnder(string directory)
    {
        var groups = new HashSet<int>();
        var all = new List<(int Pid, int Group, string CommandLine)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var group = int.Parse(fields[2], CultureInfo.InvariantCulture);
                if (fields[0] == "Z")
                {
                    continue; // a zombie runs nothing: it only waits for its parent to reap it
                }

                all.Add((pid, group, commandLine));
                if (commandLine.Contains(directory, StringComparison.Ordinal))
                {
                    groups.Add(group);
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

        return all.Where(p => groups.Contains(p.Group)).Select(p => p.Pid).ToList();
    }
}
