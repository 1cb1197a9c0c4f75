using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Sagebrush.Core.Compute.Sandbox;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Security;

/// <summary>
/// Each attack a hostile training script, inference script or archive once got through, replayed through boto3
/// against the real server: the test fails if the attack works. What needs root (users, networks) or cgroups skips
/// with the reason where the machine lacks it.
/// </summary>
public sealed class SandboxAttackTests(SandboxAttackFixture server) : IClassFixture<SandboxAttackFixture>
{
    /// <summary>Training and hosting helpers on top of the hosting prelude; <c>probe(args)</c> is what the hostile code runs.</summary>
    internal const string Prelude = """"
        PROBE = '''
        import json, os, socket, subprocess
        def probe(args):
            out = {"uid": os.getuid()}
            status = open("/proc/self/status").read()
            out["capeff"] = [l.split()[1] for l in status.splitlines() if l.startswith("CapEff")][0]
            out["mount"] = subprocess.run(["mount", "-o", "remount,bind,rw", "/"], capture_output=True).returncode
            try:
                open(args["target"], "w").write("pwned")
                out["wrote"] = True
            except OSError:
                out["wrote"] = False
            try:
                out["datadir"] = sorted(os.listdir(args["datadir"]))
            except OSError:
                out["datadir"] = None
            try:
                open(os.path.join(args["datadir"], "metadata.db"), "rb").read(16)
                out["metadata"] = True
            except OSError:
                out["metadata"] = False
            try:
                socket.create_connection(("127.0.0.1", args["port"]), timeout=2).close()
                out["loopback"] = "connected"
            except OSError:
                out["loopback"] = "blocked"
            return out
        '''
        def archive(files=None, links=(), dirs=()):
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
                for name in dirs:
                    info = tarfile.TarInfo(name); info.type = tarfile.DIRTYPE; info.mode = 0o755; tar.addfile(info)
                for name, target in links:
                    info = tarfile.TarInfo(name); info.type = tarfile.SYMTYPE; info.linkname = target; tar.addfile(info)
                for name, data in (files or {}).items():
                    data = data.encode() if isinstance(data, str) else data
                    info = tarfile.TarInfo(name); info.size = len(data); tar.addfile(info, io.BytesIO(data))
            return buffer.getvalue()
        def train(name, script, files=None, links=(), code=None, volume=1, instances=1, **overrides):
            body = code if code is not None else archive(dict({"train.py": script}, **(files or {})), links)
            s3.put_object(Bucket="models", Key=f"code/{name}.tar.gz", Body=body)
            sm.create_training_job(TrainingJobName=name, RoleArn=ROLE,
                AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
                HyperParameters={"sagemaker_program": '"train.py"', "sagemaker_submit_directory": json.dumps(f"s3://models/code/{name}.tar.gz")},
                OutputDataConfig={"S3OutputPath": "s3://models/output"},
                ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": instances, "VolumeSizeInGB": volume},
                StoppingCondition={"MaxRuntimeInSeconds": 300}, **overrides)
            for _ in range(1500):
                d = sm.describe_training_job(TrainingJobName=name)
                if d["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"):
                    return d
                time.sleep(0.2)
            raise AssertionError(f"{name} did not end")
        def members(d):
            bucket, key = d["ModelArtifacts"]["S3ModelArtifacts"][len("s3://"):].split("/", 1)
            tar = tarfile.open(fileobj=io.BytesIO(s3.get_object(Bucket=bucket, Key=key)["Body"].read()), mode="r:gz")
            return {m.name: (m, tar.extractfile(m).read() if m.isfile() else None) for m in tar.getmembers()}
        def serve(name, model_url):
            sm.create_model(ModelName=name, ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE, "ModelDataUrl": model_url,
                            "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}})
            config(name, [("AllTraffic", name, 1, 1.0)])
            sm.create_endpoint(EndpointName=name, EndpointConfigName=name)
            for _ in range(600):
                d = sm.describe_endpoint(EndpointName=name)
                if d["EndpointStatus"] in ("InService", "Failed"):
                    return d
                time.sleep(0.2)
            raise AssertionError(f"{name} stayed {d['EndpointStatus']}")
        INFERENCE = PROBE + '''
        def model_fn(model_dir):
            return model_dir
        def input_fn(body, content_type):
            return json.loads(body)
        def predict_fn(data, model_dir):
            if data.get("walk"):
                return sorted(os.path.relpath(os.path.join(d, f), model_dir) for d, _, fs in os.walk(model_dir) for f in fs)
            return probe(data)
        def output_fn(prediction, accept):
            return json.dumps(prediction), "application/json"
        '''
        def assert_confined(seen):
            assert seen["uid"] != 0 and seen["capeff"] == "0000000000000000", seen
            assert seen["mount"] != 0 and not seen["wrote"], seen
            assert seen["datadir"] in (None, []) and not seen["metadata"], seen
            assert seen["loopback"] == "blocked", seen
        def ask(name, request):
            r = rt.invoke_endpoint(EndpointName=name, Body=json.dumps(request), ContentType="application/json")
            return json.loads(r["Body"].read())

        """";

    private static readonly string Secret = SagebrushServerFixture.Credentials.SecretAccessKey;

    [SkippableFact]
    public async Task ATrainingScriptHasNoPrivilegesNoViewOfTheDataDirectoryAndNoReachIntoTheMachine()
    {
        Skip.IfNot(Environment.IsPrivilegedProcess, "separate users and private networks need the server to run as root");
        using var listener = Listen(out var port);
        var target = HostPath("pwned");

        await RunAsync($$""""
            args = {"target": "{{target}}", "datadir": "{{server.DataDir}}", "port": {{port}}}
            script = PROBE + "\nimport json\njson.dump(probe(json.load(open('/opt/ml/code/args.json'))), open('/opt/ml/model/probe.json', 'w'))\n"
            d = train("probe-job", script, files={"args.json": json.dumps(args)})
            assert d["TrainingJobStatus"] == "Completed", d.get("FailureReason")
            seen = json.loads(members(d)["probe.json"][1])
            assert_confined(seen)
            """");

        Assert.False(File.Exists(target), "the job wrote on the host");
    }

    [SkippableFact]
    public async Task AnInferenceScriptHasNoPrivilegesNoViewOfTheDataDirectoryAndNoReachIntoTheMachine()
    {
        Skip.IfNot(Environment.IsPrivilegedProcess, "separate users and private networks need the server to run as root");
        using var listener = Listen(out var port);
        var target = HostPath("pwned-by-endpoint");

        await RunAsync($$""""
            s3.put_object(Bucket="models", Key="probe/model.tar.gz", Body=archive({"code/inference.py": INFERENCE}))
            d = serve("probe-ep", "s3://models/probe/model.tar.gz")
            assert d["EndpointStatus"] == "InService", d.get("FailureReason")
            seen = ask("probe-ep", {"target": "{{target}}", "datadir": "{{server.DataDir}}", "port": {{port}}})
            assert_confined(seen)
            """");

        Assert.False(File.Exists(target), "the endpoint wrote on the host");
    }

    [Fact]
    public async Task ArchivesWithLinksThatLeadOutAreRefusedAndWriteNothingOutside() => await RunAsync(""""
        # Each link looks harmless read as text from where it stands; followed through the others it climbs out.
        links = [("a/up", ".."), ("a/b/up", ".."), ("a/b/esc", "up/up/..")]
        bad = archive({"train.py": "print('never')\n", "a/b/esc/escaped.txt": "out"}, links, dirs=("a", "a/b"))
        d = train("escape-job", None, code=bad)
        assert d["TrainingJobStatus"] == "Failed", d
        assert "cannot be unpacked safely" in d["FailureReason"], d["FailureReason"]

        s3.put_object(Bucket="models", Key="escape/model.tar.gz", Body=archive({"a/b/esc/escaped.txt": "out", "code/inference.py": INFERENCE}, links, dirs=("a", "a/b")))
        d = serve("escape-ep", "s3://models/escape/model.tar.gz")
        assert d["EndpointStatus"] == "Failed", d
        assert "Failed to extract model data archive" in d["FailureReason"] and "link" in d["FailureReason"], d["FailureReason"]

        # An absolute link and a '..' name are refused outright.
        for i, (files, links) in enumerate([({"x": "1"}, [("etc", "/etc")]), ({"../outside.txt": "1"}, [])]):
            s3.put_object(Bucket="models", Key=f"escape{i}/model.tar.gz", Body=archive(files, links))
            d = serve(f"escape-ep{i}", f"s3://models/escape{i}/model.tar.gz")
            assert d["EndpointStatus"] == "Failed" and "Failed to extract" in d["FailureReason"], d
        """");

    [Fact]
    public async Task AnSdkStyleArchiveWithARootEntryAndASelfLinkDeploys() => await RunAsync(""""
        # repack_model writes a "/" entry; tar czf . writes "./" and "./name"; a top-level link to "." is legitimate.
        body = archive({"./code/inference.py": INFERENCE, "/model.txt": "weights"}, [("s", ".")], dirs=("/", "./", "./code"))
        s3.put_object(Bucket="models", Key="sdk/model.tar.gz", Body=body)
        d = serve("sdk-ep", "s3://models/sdk/model.tar.gz")
        assert d["EndpointStatus"] == "InService", d.get("FailureReason")
        files = ask("sdk-ep", {"walk": True})
        assert "model.txt" in files and "code/inference.py" in files, files
        """");

    [Fact]
    public async Task APrefixModelDataUrlMapsEveryKeyBelowTheModelDirectory()
    {
        var escape = HostPath("prefix");
        await RunAsync($$""""
            s3.put_object(Bucket="models", Key="mp/code/inference.py", Body=INFERENCE.encode())
            s3.put_object(Bucket="models", Key="mp/{{escape}}/x.txt", Body=b"escaped")
            d = serve("prefix-ep", "s3://models/mp")
            assert d["EndpointStatus"] == "InService", d.get("FailureReason")
            files = ask("prefix-ep", {"walk": True})
            assert "{{escape.TrimStart('/')}}/x.txt" in files, files
            """");

        Assert.False(Directory.Exists(escape), "a key was written outside the model directory");
    }

    [Fact]
    public async Task LinksAJobLeavesInOptMlAreNeverFollowed() => await RunAsync($$""""
        script = '''
        import os
        os.symlink("/proc/self/environ", "/opt/ml/checkpoints/environ")
        os.symlink("/proc/self/environ", "/opt/ml/model/environ")
        os.symlink("/proc/self/environ", "/opt/ml/output/failure")
        raise SystemExit(1)
        '''
        d = train("links-job", script, CheckpointConfig={"S3Uri": "s3://models/checkpoints/links"})
        assert d["TrainingJobStatus"] == "Failed", d
        assert "PATH=" not in d["FailureReason"] and "{{Secret}}" not in d["FailureReason"], d["FailureReason"]
        assert "does not follow links" in d["FailureReason"], d["FailureReason"]
        uploaded = s3.list_objects_v2(Bucket="models", Prefix="checkpoints/links/").get("Contents", [])
        assert uploaded == [], uploaded
        member, data = members(d)["environ"]
        assert member.issym() and member.linkname == "/proc/self/environ" and data is None, member
        """");

    [SkippableFact]
    public async Task AMemoryHogOverItsInstanceTypeFailsWithTheOutOfMemoryReason()
    {
        Skip.If(Cgroups.Shared.Unavailable is not null, Cgroups.Shared.Unavailable);
        await RunAsync(""""
            # ml.m5.large has 8 GiB: take 9, a page-touching 256 MiB at a time.
            script = "chunks = []\nfor _ in range(36):\n    chunks.append(b'x' * (256 << 20))\nprint('survived')\n"
            d = train("hog-job", script)
            assert d["TrainingJobStatus"] == "Failed", d
            assert d["FailureReason"].startswith("OutOfMemoryError: Please use an instance type with more memory"), d["FailureReason"]
            """");
    }

    [SkippableFact]
    public async Task AForkBombStopsAtTheProcessLimit()
    {
        Skip.If(Cgroups.Shared.Unavailable is not null, Cgroups.Shared.Unavailable);
        await RunAsync(""""
            script = '''
            import os, time
            started = 0
            for _ in range(5000):
                try:
                    pid = os.fork()
                except OSError:
                    break
                if pid == 0:
                    time.sleep(60)
                    os._exit(0)
                started += 1
            open("/opt/ml/model/started.txt", "w").write(str(started))
            '''
            d = train("fork-job", script)
            assert d["TrainingJobStatus"] == "Completed", d.get("FailureReason")
            started = int(members(d)["started.txt"][1])
            assert 10 < started < 1024, started
            """");
    }

    [Fact]
    public async Task WritingMoreThanVolumeSizeInGBFailsTheJob() => await RunAsync(""""
        script = '''
        import time
        block = b"x" * (1 << 20)
        for name in ("a", "b", "c"):
            with open("/opt/ml/model/" + name, "wb") as f:
                for _ in range(400):
                    f.write(block)
        time.sleep(30)
        '''
        d = train("fill-job", script, volume=1)
        assert d["TrainingJobStatus"] == "Failed", d
        assert "VolumeSizeInGB" in d["FailureReason"], d["FailureReason"]
        """");

    [Fact]
    public async Task ACodeArchiveThatExpandsBeyondTheVolumeIsRefused() => await RunAsync(""""
        import gzip
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=1) as gz, tarfile.open(fileobj=gz, mode="w|") as tar:
            info = tarfile.TarInfo("zeros.bin"); info.size = (1 << 30) + (64 << 20)
            class Zeros(io.RawIOBase):
                left = info.size
                def readinto(self, b):
                    n = min(len(b), self.left); b[:n] = bytes(n); self.left -= n; return n
            tar.addfile(info, Zeros())
            script = b"print('never')\n"
            info = tarfile.TarInfo("train.py"); info.size = len(script); tar.addfile(info, io.BytesIO(script))
        assert len(buffer.getvalue()) < 16 << 20
        d = train("bomb-job", None, code=buffer.getvalue(), volume=1)
        assert d["TrainingJobStatus"] == "Failed", d
        assert "expands to more than" in d["FailureReason"], d["FailureReason"]
        """");

    [Fact]
    public async Task InstanceCountsBeyondTheCatalogueAreValidationExceptions() => await RunAsync(""""
        e = error_of(lambda: train("many-hosts", "print(1)", instances=1000))
        assert e["Error"]["Code"] == "ValidationException", e
        assert "Member must have value less than or equal to 20" in e["Error"]["Message"], e["Error"]["Message"]
        e = error_of(lambda: config("many-instances", [("AllTraffic", "nothing", 1000, 1.0)]))
        assert e["Error"]["Code"] == "ValidationException" and "less than or equal to 20" in e["Error"]["Message"], e
        """");

    [Fact]
    public async Task TheDataDirectoryIsTheServersAlone()
    {
        await RunAsync("""s3.put_object(Bucket="models", Key="perm/probe.txt", Body=b"x")""");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(server.DataDir));
        var open = Directory.EnumerateFiles(server.DataDir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(f => !IsUnderJobs(f) && (File.GetUnixFileMode(f) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            .ToList();
        Assert.Empty(open);
    }

    private bool IsUnderJobs(string path) =>
        path.StartsWith(Path.Combine(server.DataDir, "jobs"), StringComparison.Ordinal) || path.StartsWith(Path.Combine(server.DataDir, "endpoints"), StringComparison.Ordinal);

    private async Task RunAsync(string script) =>
        (await server.RunBoto3Async(Prelude + script, TimeSpan.FromMinutes(5))).EnsureSuccess();

    private static TcpListener Listen(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }

    /// <summary>A path on the host a job must never create (/var/tmp is writable by every user on the machine).</summary>
    private static string HostPath(string name) =>
        string.Create(CultureInfo.InvariantCulture, $"/var/tmp/sagebrush-attack-{name}-{Guid.NewGuid():N}");
}
