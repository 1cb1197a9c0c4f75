using Sagebrush.Core.Compute;

namespace Sagebrush.Core.Tests.Compute;

/// <summary>Nothing a job starts outlives it: checked with PIDs the scripts write and kill(pid, 0).</summary>
public sealed class ProcessLifetimeTests : IDisposable
{
    // Starts a grandchild that would sleep for minutes, records both PIDs, then ends (or waits to be stopped).
    private const string Spawner = """
        import os, subprocess, sys, time
        child = subprocess.Popen(['sleep', '300'])
        open(os.path.join(os.environ['SM_MODEL_DIR'], 'pids'), 'w').write('%d %d' % (os.getpid(), child.pid))
        print('ready', flush=True)
        if len(sys.argv) > 1:
            time.sleep(300)
        """;

    private readonly ExecutorScope _scope = new();

    [Fact]
    public async Task ChildrenLeftBehindByACompletedScriptAreKilled()
    {
        var source = await _scope.PutSourceAsync("orphans", new Dictionary<string, string> { ["train.py"] = Spawner });

        var outcome = await _scope.Executor.RunAsync(ExecutorScope.Run("orphans", source), new RecordingObserver(), CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Completed, outcome);
        await AssertAllGoneAsync((await _scope.ReadArchiveAsync("orphans"))["pids"]);
    }

    [Fact]
    public async Task AScriptIgnoringSigtermIsKilledAfterTheGracePeriodWithItsChildren()
    {
        var source = await _scope.PutSourceAsync("stubborn", new Dictionary<string, string>
        {
            ["train.py"] = "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n" + Spawner,
        });
        var observer = new RecordingObserver();
        using var stop = new CancellationTokenSource();
        var run = ExecutorScope.Run("stubborn", source, hyperParameters: new Dictionary<string, string> { ["wait"] = "1" });

        var running = _scope.Executor.RunAsync(run, observer, stop.Token);
        await observer.WaitForLineAsync("ready");
        await stop.CancelAsync();
        var outcome = await running;

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Stopped, outcome);
        Assert.True(outcome.TrainingTime >= _scope.Options.StopGracePeriod);
        await AssertAllGoneAsync((await _scope.ReadArchiveAsync("stubborn"))["pids"]);
    }

    [Fact]
    public async Task DisposingTheExecutorKillsRunningHosts()
    {
        var source = await _scope.PutSourceAsync("dispose", new Dictionary<string, string> { ["train.py"] = Spawner });
        var keep = Path.Combine(_scope.Root, "pids");
        var observer = new RecordingObserver();
        var run = ExecutorScope.Run("dispose", source, hyperParameters: new Dictionary<string, string> { ["wait"] = "1" });

        var running = _scope.Executor.RunAsync(run, observer, CancellationToken.None);
        await observer.WaitForLineAsync("ready");
        var pids = await File.ReadAllTextAsync(Path.Combine(_scope.WorkRoot, "dispose", "algo-1", "model", "pids"));
        _scope.Executor.Dispose();
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(20));

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Stopped, outcome);
        await AssertAllGoneAsync(pids);
    }

    [Fact]
    public async Task WithoutBubblewrapHostsArePlainProcessesUsingTheRealWorkspacePaths()
    {
        using var scope = new ExecutorScope(new LocalExecutorOptions { BubblewrapPath = null, StopGracePeriod = TimeSpan.FromSeconds(2) });
        var source = await scope.PutSourceAsync("plain", new Dictionary<string, string>
        {
            ["train.py"] = "import os\nopen(os.path.join(os.environ['SM_MODEL_DIR'], 'dir.txt'), 'w').write(os.environ['SM_MODEL_DIR'] + ' ' + os.getcwd())\n",
        });
        var observer = new RecordingObserver();

        var outcome = await scope.Executor.RunAsync(ExecutorScope.Run("plain", source), observer, CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Completed, outcome);
        var workspace = Path.Combine(scope.WorkRoot, "plain", "algo-1");
        Assert.Equal($"{workspace}/model {workspace}/code", (await scope.ReadArchiveAsync("plain"))["dir.txt"]);
        Assert.Contains(observer.Lines, l => l.Line == "bubblewrap is not available: running without an /opt/ml mount; code must use the SM_* variables");
    }

    [Fact]
    public void BubblewrapIsUsedWhenItWorks() =>
        Assert.True(new LocalProcessLauncher(TimeProvider.System).UsesBubblewrap);

    [Fact]
    public void AMissingBubblewrapFailsTheProbe() =>
        Assert.False(new LocalProcessLauncher(TimeProvider.System, "/nonexistent/bwrap").UsesBubblewrap);

    private static async Task AssertAllGoneAsync(string pids)
    {
        foreach (var pid in pids.Split(' ').Select(int.Parse))
        {
            // A killed child may be a zombie for a moment until its reaper collects it.
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (IsRunning(pid) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.False(IsRunning(pid), $"process {pid} is still running");
        }
    }

    private static bool IsRunning(int pid)
    {
        if (!ProcessGroups.Exists(pid))
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => _scope.Dispose();
}
