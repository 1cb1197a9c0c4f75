using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sagebrush.Core.Compute;

namespace Sagebrush.Core.Tests.Compute;

public sealed class LocalTrainingExecutorTests : IDisposable
{
    // Dumps what a script sees: env, argv, the config files read from the hard-coded /opt/ml paths, and the tree.
    private const string DumpScript = """
        import json, os, sys
        tree = sorted(os.path.relpath(os.path.join(d, f), '/opt/ml') for d, _, fs in os.walk('/opt/ml') for f in fs)
        config = {n: json.load(open('/opt/ml/input/config/' + n)) for n in ('hyperparameters.json', 'resourceconfig.json', 'inputdataconfig.json')}
        out = {'env': dict(os.environ), 'argv': sys.argv[1:], 'tree': tree, 'config': config, 'cwd': os.getcwd()}
        json.dump(out, open(os.path.join(os.environ['SM_MODEL_DIR'], 'dump-' + os.environ['SM_CURRENT_HOST'] + '.json'), 'w'))
        open('/opt/ml/output/data/metrics.txt', 'w').write('ok')
        print('dumped')
        """;

    private readonly ExecutorScope _scope = new();

    [Fact]
    public async Task WorkspaceFilesAndEnvironmentAreSageMakers()
    {
        await _scope.PutAsync("data/train/a.csv", "1,2\n");
        await _scope.PutAsync("data/train/sub/b.csv", "3,4\n");
        var source = await _scope.PutSourceAsync("env", new Dictionary<string, string> { ["train.py"] = DumpScript });
        var observer = new RecordingObserver();
        var run = ExecutorScope.Run("env", source, hyperParameters: new Dictionary<string, string> { ["epochs"] = "10" },
            channels: [new TrainingChannel("train", "S3Prefix", "s3://bucket/data/train", "FullyReplicated", "text/csv", "None", "File")]);

        var outcome = await _scope.Executor.RunAsync(run, observer, CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Completed, outcome);
        Assert.Equal("s3://bucket/output/env/output/model.tar.gz", outcome.ModelArtifacts);
        Assert.Equal(["Downloading", "Training", "Uploading"], observer.Statuses.Select(s => s.Status));
        Assert.Contains(observer.Lines, l => l == ("algo-1", "dumped"));
        using var dump = JsonDocument.Parse((await _scope.ReadArchiveAsync("env"))["dump-algo-1.json"]);
        var env = dump.RootElement.GetProperty("env");
        string Env(string name) => env.GetProperty(name).GetString()!;

        Assert.Equal("/opt/ml/code", dump.RootElement.GetProperty("cwd").GetString());
        Assert.Equal(["input/config/hyperparameters.json", "input/config/inputdataconfig.json", "input/config/resourceconfig.json", "input/data/train/a.csv", "input/data/train/sub/b.csv"],
            dump.RootElement.GetProperty("tree").EnumerateArray().Select(e => e.GetString()!).Where(p => !p.StartsWith("code/", StringComparison.Ordinal)));
        var config = dump.RootElement.GetProperty("config");
        Assert.Equal("10", config.GetProperty("hyperparameters.json").GetProperty("epochs").GetString());
        Assert.Equal("\"train.py\"", config.GetProperty("hyperparameters.json").GetProperty("sagemaker_program").GetString());
        Assert.Equal(
            """{"current_group_name":"homogeneousCluster","current_host":"algo-1","current_instance_type":"ml.m5.large","hosts":["algo-1"],"instance_groups":[{"hosts":["algo-1"],"instance_group_name":"homogeneousCluster","instance_type":"ml.m5.large"}],"network_interface_name":"eth0"}""",
            config.GetProperty("resourceconfig.json").GetRawText().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(
            """{"train":{"ContentType":"text/csv","RecordWrapperType":"None","S3DistributionType":"FullyReplicated","TrainingInputMode":"File"}}""",
            config.GetProperty("inputdataconfig.json").GetRawText().Replace(" ", "", StringComparison.Ordinal));

        Assert.Equal("/opt/ml/model", Env("SM_MODEL_DIR"));
        Assert.Equal("[\"train\"]", Env("SM_CHANNELS"));
        Assert.Equal("/opt/ml/input/data/train", Env("SM_CHANNEL_TRAIN"));
        Assert.Equal("{\"epochs\":10}", Env("SM_HPS"));
        Assert.Equal("10", Env("SM_HP_EPOCHS"));
        Assert.Equal("algo-1", Env("SM_CURRENT_HOST"));
        Assert.Equal("[\"algo-1\"]", Env("SM_HOSTS"));
        Assert.Equal("2", Env("SM_NUM_CPUS"));
        Assert.Equal("0", Env("SM_NUM_GPUS"));
        Assert.Equal("/opt/ml/input", Env("SM_INPUT_DIR"));
        Assert.Equal("/opt/ml/input/config", Env("SM_INPUT_CONFIG_DIR"));
        Assert.Equal("/opt/ml/output", Env("SM_OUTPUT_DIR"));
        Assert.Equal("/opt/ml/output/data", Env("SM_OUTPUT_DATA_DIR"));
        Assert.Equal("[\"--epochs\",\"10\"]", Env("SM_USER_ARGS"));
        Assert.Equal(source, Env("SM_MODULE_DIR"));
        Assert.Equal("train", Env("SM_MODULE_NAME"));
        Assert.Equal("20", Env("SM_LOG_LEVEL"));
        Assert.Equal("{}", Env("SM_FRAMEWORK_PARAMS")); // sagemaker_region is the toolkit's own, not a framework param
        Assert.Equal("env", Env("TRAINING_JOB_NAME"));
        Assert.Equal("arn:aws:sagemaker:us-east-1:000000000000:training-job/env", Env("TRAINING_JOB_ARN"));
        Assert.Equal("on", Env("MY_SETTING"));
        Assert.Equal("algo-1", JsonDocument.Parse(Env("SM_RESOURCE_CONFIG")).RootElement.GetProperty("current_host").GetString());
        Assert.Equal("text/csv", JsonDocument.Parse(Env("SM_INPUT_DATA_CONFIG")).RootElement.GetProperty("train").GetProperty("ContentType").GetString());
        using var trainingEnv = JsonDocument.Parse(Env("SM_TRAINING_ENV"));
        Assert.Equal(10, trainingEnv.RootElement.GetProperty("hyperparameters").GetProperty("epochs").GetInt32());
        Assert.Equal("/opt/ml/input/data/train", trainingEnv.RootElement.GetProperty("channel_input_dirs").GetProperty("train").GetString());
        Assert.Equal("algo-1", trainingEnv.RootElement.GetProperty("master_hostname").GetString());
        Assert.DoesNotContain(env.EnumerateObject(), p => p.Name.StartsWith("SM_HP_SAGEMAKER", StringComparison.Ordinal));
        Assert.Equal("ok", (await _scope.ReadArchiveAsync("env", "output.tar.gz"))["metrics.txt"]);
        Assert.False(Directory.Exists(Path.Combine(_scope.WorkRoot, "env")));
    }

    [Fact]
    public async Task HyperparametersArriveAsSortedArgumentsWithJsonDecodedValuesAndWithoutSageMakerKeys()
    {
        var source = await _scope.PutSourceAsync("hps", new Dictionary<string, string> { ["train.py"] = DumpScript });
        var run = ExecutorScope.Run("hps", source, hyperParameters: new Dictionary<string, string>
        {
            ["lr"] = "0.00001",
            ["epochs"] = "10",
            ["name"] = "\"abc\"",
            ["flag"] = "true",
            ["layers"] = "[1, \"two\"]",
            ["opts"] = "{\"b\": 2, \"a\": \"x\"}",
            ["raw"] = "not json",
            ["k"] = "1.0",
        });

        var outcome = await _scope.Executor.RunAsync(run, new RecordingObserver(), CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Completed, outcome);
        using var dump = JsonDocument.Parse((await _scope.ReadArchiveAsync("hps"))["dump-algo-1.json"]);
        Assert.Equal(
            ["--epochs", "10", "--flag", "True", "-k", "1.0", "--layers", "[1, 'two']", "--lr", "1e-05", "--name", "abc", "--opts", "a=x,b=2", "--raw", "not json"],
            dump.RootElement.GetProperty("argv").EnumerateArray().Select(e => e.GetString()));
        var env = dump.RootElement.GetProperty("env");
        Assert.Equal("""{"epochs":10,"flag":true,"k":1.0,"layers":[1,"two"],"lr":1e-05,"name":"abc","opts":{"a":"x","b":2},"raw":"not json"}""", env.GetProperty("SM_HPS").GetString());
        Assert.Equal("""{"a":"x","b":2}""", env.GetProperty("SM_HP_OPTS").GetString());
        Assert.Equal("abc", env.GetProperty("SM_HP_NAME").GetString());
    }

    [Fact]
    public async Task ScriptWritingTheFailureFileFailsTheJobWithThatReason()
    {
        var source = await _scope.PutSourceAsync("fail", new Dictionary<string, string>
        {
            ["train.py"] = "open('/opt/ml/output/failure', 'w').write('ValueError: bad data in row 7\\n')\nraise SystemExit(1)\n",
        });

        var outcome = await _scope.Executor.RunAsync(ExecutorScope.Run("fail", source), new RecordingObserver(), CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Failed, outcome);
        Assert.Equal("ValueError: bad data in row 7", outcome.FailureReason);
        Assert.NotNull(outcome.ModelArtifacts);
    }

    [Fact]
    public async Task NonZeroExitWithoutFailureFileIsAnAlgorithmErrorWithTheLastErrorLines()
    {
        var source = await _scope.PutSourceAsync("crash", new Dictionary<string, string> { ["train.py"] = "import sys\nprint('boom happened', file=sys.stderr)\nsys.exit(3)\n" });

        var outcome = await _scope.Executor.RunAsync(ExecutorScope.Run("crash", source), new RecordingObserver(), CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Failed, outcome);
        Assert.Equal("AlgorithmError: ExecuteUserScriptError:\nExitCode 3\nErrorMessage \"boom happened\"\nCommand \"/usr/bin/python3 train.py\", exit code: 3", outcome.FailureReason);
    }

    [Fact]
    public async Task StoppingSendsSigtermToTheScriptAndStillUploadsTheModel()
    {
        var source = await _scope.PutSourceAsync("stop", new Dictionary<string, string>
        {
            ["train.py"] = """
                import signal, sys, time
                def on_term(signum, frame):
                    open('/opt/ml/model/terminated.txt', 'w').write('SIGTERM')
                    sys.exit(0)
                signal.signal(signal.SIGTERM, on_term)
                print('ready')
                time.sleep(60)
                """,
        });
        var observer = new RecordingObserver();
        using var stop = new CancellationTokenSource();

        var running = _scope.Executor.RunAsync(ExecutorScope.Run("stop", source), observer, stop.Token);
        await observer.WaitForLineAsync("ready");
        await stop.CancelAsync();
        var outcome = await running;

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Stopped, outcome);
        Assert.Equal("SIGTERM", (await _scope.ReadArchiveAsync("stop"))["terminated.txt"]);
        Assert.True(outcome.TrainingTime < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ExceedingMaxRuntimeStopsTheJobAsMaxRuntimeExceeded()
    {
        var source = await _scope.PutSourceAsync("slow", new Dictionary<string, string> { ["train.py"] = "import time\nopen('/opt/ml/model/partial.txt', 'w').write('p')\ntime.sleep(60)\n" });
        var run = ExecutorScope.Run("slow", source) with { MaxRuntime = TimeSpan.FromSeconds(1) };

        var outcome = await _scope.Executor.RunAsync(run, new RecordingObserver(), CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.MaxRuntimeExceeded, outcome);
        Assert.Equal("p", (await _scope.ReadArchiveAsync("slow"))["partial.txt"]);
    }

    [Fact]
    public async Task CheckpointsWrittenByOneRunAreRestoredInTheNext()
    {
        var source = await _scope.PutSourceAsync("ckpt", new Dictionary<string, string>
        {
            ["train.py"] = """
                import os
                path = '/opt/ml/checkpoints/epoch.txt'
                epoch = int(open(path).read()) if os.path.exists(path) else 0
                open(path, 'w').write(str(epoch + 1))
                open('/opt/ml/model/epoch.txt', 'w').write(str(epoch + 1))
                """,
        });
        var run = ExecutorScope.Run("ckpt", source) with { Checkpoint = new CheckpointLocation("s3://bucket/checkpoints/ckpt") };

        Assert.Equal(TrainingOutcomeKind.Completed, (await _scope.Executor.RunAsync(run, new RecordingObserver(), CancellationToken.None)).Kind);
        Assert.Equal(TrainingOutcomeKind.Completed, (await _scope.Executor.RunAsync(run, new RecordingObserver(), CancellationToken.None)).Kind);

        Assert.Equal("2", (await _scope.ReadArchiveAsync("ckpt"))["epoch.txt"]);
        Assert.NotNull(await _scope.Store.HeadObjectAsync("bucket", "checkpoints/ckpt/epoch.txt"));
    }

    [Fact]
    public async Task TwoHostsSeeEachOtherAndShareShardedData()
    {
        for (var i = 0; i < 4; i++)
        {
            await _scope.PutAsync($"shards/part-{i}.csv", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var script = DumpScript + "\nimport socket\nopen('/opt/ml/model/resolved-' + os.environ['SM_CURRENT_HOST'], 'w').write(socket.gethostbyname('algo-2') + ' ' + socket.gethostname())\n";
        var source = await _scope.PutSourceAsync("pair", new Dictionary<string, string> { ["train.py"] = script });
        var run = ExecutorScope.Run("pair", source, instances: 2,
            channels: [new TrainingChannel("train", "S3Prefix", "s3://bucket/shards/", "ShardedByS3Key", null, "None", "File")]);

        var outcome = await _scope.Executor.RunAsync(run, new RecordingObserver(), CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Completed, outcome);
        var model = await _scope.ReadArchiveAsync("pair");
        foreach (var (host, shards) in new[] { ("algo-1", new[] { "part-0.csv", "part-2.csv" }), ("algo-2", new[] { "part-1.csv", "part-3.csv" }) })
        {
            using var dump = JsonDocument.Parse(model[$"dump-{host}.json"]);
            var resource = dump.RootElement.GetProperty("config").GetProperty("resourceconfig.json");
            Assert.Equal(host, resource.GetProperty("current_host").GetString());
            Assert.Equal(["algo-1", "algo-2"], resource.GetProperty("hosts").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("[\"algo-1\",\"algo-2\"]", dump.RootElement.GetProperty("env").GetProperty("SM_HOSTS").GetString());
            Assert.Equal(shards.Select(s => "input/data/train/" + s),
                dump.RootElement.GetProperty("tree").EnumerateArray().Select(e => e.GetString()!).Where(p => p.StartsWith("input/data/", StringComparison.Ordinal)));
            Assert.Equal("127.0.0.1 " + host, model["resolved-" + host]);
        }
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AJobCannotReachTheMachinesLoopbackWithOrWithoutNetworkIsolation(bool isolated)
    {
        Skip.IfNot(_scope.Launcher.MakesPrivateNetworks, "private networks need the server to run as root with bubblewrap, unshare and nsenter");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var source = await _scope.PutSourceAsync("net", new Dictionary<string, string>
        {
            ["train.py"] = $$"""
                import socket
                try:
                    socket.create_connection(('127.0.0.1', {{port}}), timeout=3).close()
                    result = 'connected'
                except OSError:
                    result = 'blocked'
                open('/opt/ml/model/result.txt', 'w').write(result)
                """,
        });
        var run = ExecutorScope.Run("net", source) with { EnableNetworkIsolation = isolated };

        var outcome = await _scope.Executor.RunAsync(run, new RecordingObserver(), CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Completed, outcome);
        Assert.Equal("blocked", (await _scope.ReadArchiveAsync("net"))["result.txt"]);
    }

    [Fact]
    public async Task RequirementsThatCannotBeInstalledFailTheJobWithAClearReason()
    {
        var source = await _scope.PutSourceAsync("reqs", new Dictionary<string, string>
        {
            ["train.py"] = "print('never')\n",
            ["requirements.txt"] = "sagebrush-package-that-does-not-exist==1.0\n",
        });

        var outcome = await _scope.Executor.RunAsync(ExecutorScope.Run("reqs", source), new RecordingObserver(), CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Failed, outcome);
        Assert.StartsWith("ClientError: InstallRequirementsError: the packages in requirements.txt could not be installed: pip reaches only the package indexes this machine reaches", outcome.FailureReason, StringComparison.Ordinal);
        Assert.Contains("sagebrush-package-that-does-not-exist", outcome.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequirementsInstallIntoAJobEnvironmentTheScriptRunsIn()
    {
        // An empty requirements file installs nothing, so this works offline; the script must run in the venv.
        var source = await _scope.PutSourceAsync("venv", new Dictionary<string, string>
        {
            ["train.py"] = "import sys\nopen('/opt/ml/model/prefix.txt', 'w').write(sys.prefix)\n",
            ["requirements.txt"] = "# nothing\n",
        });

        var outcome = await _scope.Executor.RunAsync(ExecutorScope.Run("venv", source), new RecordingObserver(), CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Completed, outcome);
        Assert.EndsWith("/venv/venv", Path.Combine((await _scope.ReadArchiveAsync("venv"))["prefix.txt"], "venv"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABuiltInAlgorithmRunsTheAlgorithmsProgramAndReportsItsFailureFile()
    {
        var run = ExecutorScope.Run("xgb", "s3://bucket/none") with
        {
            Image = new ResolvedImage("x/xgboost:1", ImageKind.BuiltInAlgorithm, "xgboost", "1"),
            HyperParameters = new Dictionary<string, string> { ["max_depth"] = "3" },
        };

        var outcome = await _scope.Executor.RunAsync(run, new RecordingObserver(), CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Failed, outcome);
        Assert.Equal("ClientError: Hyperparameter 'num_round' is required.", outcome.FailureReason);
    }

    [Fact]
    public async Task MissingInputDataFailsWithAClientError()
    {
        var source = await _scope.PutSourceAsync("nodata", new Dictionary<string, string> { ["train.py"] = "pass\n" });
        var run = ExecutorScope.Run("nodata", source, channels: [new TrainingChannel("train", "S3Prefix", "s3://bucket/nothing/", "FullyReplicated", null, "None", "File")]);

        var outcome = await _scope.Executor.RunAsync(run, new RecordingObserver(), CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Failed, outcome);
        Assert.StartsWith("ClientError: No S3 objects found under S3 URL \"s3://bucket/nothing/\"", outcome.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutASubmitDirectoryTheEntryPointIsNotFoundAndTheReasonSaysWhereScriptModeTakesCodeFrom()
    {
        var run = ExecutorScope.Run("nocode", "unused");
        run = run with { HyperParameters = run.HyperParameters.Where(p => p.Key != "sagemaker_submit_directory").ToDictionary() };

        var outcome = await _scope.Executor.RunAsync(run, new RecordingObserver(), CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Failed, outcome);
        Assert.Equal(
            "ClientError: The entry point train.py was not found in /opt/ml/code: script mode needs the hyperparameter sagemaker_submit_directory, the s3:// URI of a sourcedir.tar.gz that contains train.py.",
            outcome.FailureReason);
    }

    [Fact]
    public async Task AnEntryPointMissingFromTheSourceArchiveFailsNamingTheArchive()
    {
        var source = await _scope.PutSourceAsync("misnamed", new Dictionary<string, string> { ["main.py"] = "pass\n" });

        var outcome = await _scope.Executor.RunAsync(ExecutorScope.Run("misnamed", source), new RecordingObserver(), CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Failed, outcome);
        Assert.Equal($"ClientError: The entry point train.py was not found in /opt/ml/code, where the code from {source} (sagemaker_submit_directory) was unpacked.", outcome.FailureReason);
    }

    public void Dispose() => _scope.Dispose();
}
