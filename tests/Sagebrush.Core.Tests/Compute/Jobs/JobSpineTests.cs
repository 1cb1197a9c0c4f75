using System.Collections.Concurrent;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Compute.Jobs;
using Sagebrush.Core.Compute.Sandbox;

namespace Sagebrush.Core.Tests.Compute.Jobs;

/// <summary>The spine's own rules, with a launcher that runs nothing: each host's behaviour is scripted.</summary>
public sealed class JobSpineTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("sagebrush-spine-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task OneFailingHostEndsTheOthersAndItsFailureIsThePlugInsReason()
    {
        var launcher = new ScriptedLauncher
        {
            ["algo-1"] = async (_, stop) => await WaitForStopAsync(stop),
            ["algo-2"] = (_, _) => Task.FromResult(new HostExit(3, false)),
        };
        var plugin = new RecordingPlugin();

        var outcome = await RunAsync(launcher, plugin, hosts: 2);

        Assert.Equal(JobOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("algo-2 exited 3", outcome.FailureReason);
        Assert.True(launcher.Stopped["algo-1"]);
        Assert.True(plugin.Collected, "what the hosts left is collected after a failure too");
    }

    [Fact]
    public async Task AHostKilledForMemoryGivesSageMakersOutOfMemoryReason()
    {
        var launcher = new ScriptedLauncher { ["algo-1"] = (_, _) => Task.FromResult(new HostExit(137, false, OutOfMemory: true)) };

        var outcome = await RunAsync(launcher, new RecordingPlugin());

        Assert.Equal(JobFailures.OutOfMemory, outcome.FailureReason);
    }

    [Fact]
    public async Task AStagingFailureEndsTheJobBeforeAnyHostRuns()
    {
        var launcher = new ScriptedLauncher();

        var outcome = await RunAsync(launcher, new RecordingPlugin { StagingFailure = "ClientError: no data" });

        Assert.Equal(JobOutcome.Failed("ClientError: no data"), outcome);
        Assert.Empty(launcher.Launches);
    }

    [Fact]
    public async Task AWorkspaceLargerThanTheVolumeFailsTheJobEvenWhenEveryHostSucceeds()
    {
        var launcher = new ScriptedLauncher
        {
            ["algo-1"] = async (launch, _) =>
            {
                await File.WriteAllBytesAsync(Path.Combine(launch.Workspace, "big"), new byte[4096]);
                return new HostExit(0, false);
            },
        };

        var outcome = await RunAsync(launcher, new RecordingPlugin(), resources: new HostResources(1, 0, 0, 1024));

        Assert.Equal(JobOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(JobFailures.VolumeFull(1024), outcome.FailureReason);
    }

    [Fact]
    public async Task EveryHostGetsTheJobsNetworkUserAndLimitsAndItsOwnWorkspace()
    {
        var launcher = new ScriptedLauncher
        {
            ["algo-1"] = (_, _) => Task.FromResult(new HostExit(0, false)),
            ["algo-2"] = (_, _) => Task.FromResult(new HostExit(0, false)),
        };
        var resources = new HostResources(2, 8L << 30, 1024, 0);

        var outcome = await RunAsync(launcher, new RecordingPlugin(), hosts: 2, resources: resources);

        Assert.Equal(JobOutcomeKind.Completed, outcome.Kind);
        Assert.Equal("s3://bucket/artifacts", outcome.Artifacts);
        Assert.All(launcher.Launches.Values, l => Assert.Same(launcher.Network, l.Network));
        Assert.All(launcher.Launches.Values, l => Assert.Equal(resources, l.Resources));
        Assert.All(launcher.Launches.Values, l => Assert.Equal(["algo-1", "algo-2"], l.Hosts));
        Assert.Equal(2, launcher.Launches.Values.Select(l => l.Workspace).Distinct().Count());
        Assert.True(launcher.NetworkDisposed, "the job's network goes when the job ends");
    }

    private Task<JobOutcome> RunAsync(ScriptedLauncher launcher, RecordingPlugin plugin, int hosts = 1, HostResources? resources = null)
    {
        var spec = new JobSpec("job", hosts, resources ?? HostResources.Unlimited, false, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));
        var spine = new JobSpine(launcher, TimeProvider.System, TimeSpan.FromHours(1));
        return spine.RunAsync(spec, Path.Combine(_work.FullName, "job"), plugin, new JobLog(new NullObserver(), TimeProvider.System), CancellationToken.None);
    }

    private static async Task<HostExit> WaitForStopAsync(CancellationToken stop)
    {
        await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return new HostExit(143, false);
    }

    private sealed class NullObserver : IJobObserver
    {
        public void OnSecondaryStatus(string status, string message)
        {
        }

        public void OnLogLine(string host, DateTimeOffset timestamp, string line)
        {
        }
    }

    /// <summary>Workspaces are made as the training plug-in makes them: one directory per host.</summary>
    private sealed class RecordingPlugin : IJobPlugin
    {
        public string? StagingFailure { get; init; }

        public bool Collected { get; private set; }

        public Task<string?> StageAsync(JobContext context, CancellationToken stop)
        {
            foreach (var host in context.Hosts)
            {
                Directory.CreateDirectory(host.Root);
            }

            return Task.FromResult(StagingFailure);
        }

        public Task<string?> PrepareAsync(JobContext context, CancellationToken stop) => Task.FromResult<string?>(null);

        public JobHostCommand CommandFor(JobContext context, JobHost host) => new(["run", host.Name], new Dictionary<string, string>(), "/opt/ml");

        public Task WhileRunningAsync(JobContext context, CancellationToken done) => Task.CompletedTask;

        public string FailureReason(JobContext context, IReadOnlyList<JobHostResult> results) =>
            results.Where(r => r.Exit.ExitCode != 0).Select(r => $"{r.Host.Name} exited {r.Exit.ExitCode}").First();

        public Task<string?> CollectAsync(JobContext context, IReadOnlyList<JobHostResult> results)
        {
            Collected = true;
            return Task.FromResult<string?>("s3://bucket/artifacts");
        }
    }

    /// <summary>Runs each host's scripted behaviour; records launches, stops and the network it handed out.</summary>
    private sealed class ScriptedLauncher : IHostLauncher
    {
        private readonly Dictionary<string, Func<HostLaunch, CancellationToken, Task<HostExit>>> _hosts = [];

        public ConcurrentDictionary<string, HostLaunch> Launches { get; } = new();

        public ConcurrentDictionary<string, bool> Stopped { get; } = new();

        public TrackedNetwork Network { get; } = new();

        public bool NetworkDisposed => Network.Disposed;

        public bool MountsOptMl => true;

        public string? Note => null;

        public Func<HostLaunch, CancellationToken, Task<HostExit>> this[string host]
        {
            set => _hosts[host] = value;
        }

        public Task<HostNetwork> CreateNetworkAsync(CancellationToken cancellationToken) => Task.FromResult<HostNetwork>(Network);

        public SandboxUserLease? LeaseUser() => null;

        public async Task<HostExit> RunAsync(HostLaunch launch, Action<HostOutputLine> output, CancellationToken stop)
        {
            Launches[launch.Host] = launch;
            var exit = await _hosts[launch.Host](launch, stop);
            Stopped[launch.Host] = stop.IsCancellationRequested;
            return exit;
        }

        public void Dispose()
        {
        }
    }

    private sealed class TrackedNetwork : HostNetwork
    {
        public bool Disposed { get; private set; }

        public override bool IsPrivate => true;

        public override ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }

        protected override System.Net.Sockets.Socket CreateSocket(System.Net.Sockets.AddressFamily family) => throw new NotSupportedException();
    }
}
