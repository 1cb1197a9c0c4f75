using Sagebrush.Core.Compute;

namespace Sagebrush.Core.Tests.Compute;

/// <summary>
/// Nothing a job starts outlives it: checked in /proc by a marker the scripts put in their command lines (PIDs
/// written from inside a host's own PID namespace would mean nothing out here).
/// </summary>
public sealed class ProcessLifetimeTests : IDisposable
{
    // Starts a grandchild that would sleep for minutes, both marked, then ends (or waits to be stopped).
    private const string Spawner = """
        import subprocess, sys, time
        marker = sys.argv[sys.argv.index('--marker') + 1]
        child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)', marker + '-child'])
        print('ready', flush=True)
        if '--wait' in sys.argv:
            time.sleep(300)
        """;

    private readonly ExecutorScope _scope = new();
    private readonly string _marker = "sagebrush-lifetime-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task ChildrenLeftBehindByACompletedScriptAreKilled()
    {
        var source = await _scope.PutSourceAsync("orphans", new Dictionary<string, string> { ["train.py"] = Spawner });

        var observer = new RecordingObserver();

        var outcome = await _scope.Executor.RunAsync(ExecutorScope.Run("orphans", source, hyperParameters: Marked()), observer, CancellationToken.None);

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Completed, outcome);
        await observer.WaitForLineAsync("ready");
        await AssertAllGoneAsync(_marker);
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
        var run = ExecutorScope.Run("stubborn", source, hyperParameters: Marked(wait: true));

        var running = _scope.Executor.RunAsync(run, observer, stop.Token);
        await observer.WaitForLineAsync("ready");
        await stop.CancelAsync();
        var outcome = await running;

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Stopped, outcome);
        Assert.True(outcome.TrainingTime >= _scope.Options.StopGracePeriod);
        await AssertAllGoneAsync(_marker);
    }

    [Fact]
    public async Task DisposingTheExecutorKillsRunningHosts()
    {
        var source = await _scope.PutSourceAsync("dispose", new Dictionary<string, string> { ["train.py"] = Spawner });
        var observer = new RecordingObserver();
        var run = ExecutorScope.Run("dispose", source, hyperParameters: Marked(wait: true));

        var running = _scope.Executor.RunAsync(run, observer, CancellationToken.None);
        await observer.WaitForLineAsync("ready");
        Assert.Contains(Running(_marker), process => process.Contains(_marker + "-child", StringComparison.Ordinal));
        _scope.Executor.Dispose();
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(20));

        ExecutorScope.AssertOutcome(TrainingOutcomeKind.Stopped, outcome);
        await AssertAllGoneAsync(_marker);
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
        Assert.Contains(observer.Lines, l => l.Line == "bubblewrap is not available: running without an /opt/ml mount or any confinement; code must use the SM_* variables");
    }

    [Fact]
    public void BubblewrapIsUsedWhenItWorks() =>
        Assert.True(new LocalProcessLauncher(TimeProvider.System).UsesBubblewrap);

    [Fact]
    public void AMissingBubblewrapFailsTheProbe() =>
        Assert.False(new LocalProcessLauncher(TimeProvider.System, "/nonexistent/bwrap").UsesBubblewrap);

    private Dictionary<string, string> Marked(bool wait = false) =>
        wait ? new() { ["marker"] = $"\"{_marker}\"", ["wait"] = "1" } : new() { ["marker"] = $"\"{_marker}\"" };

    private static async Task AssertAllGoneAsync(string marker)
    {
        // A killed process may take a moment to go; a zombie has no command line.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Running(marker).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var left = Running(marker);
        Assert.True(left.Count == 0, "still running: " + string.Join("; ", left));
    }

    /// <summary>Live processes whose command line holds <paramref name="marker"/>, as "pid: command line".</summary>
    private static List<string> Running(string marker)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add($"{pid}: {commandLine}");
                }
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
        }

        return found;
    }

    public void Dispose() => _scope.Dispose();
}
