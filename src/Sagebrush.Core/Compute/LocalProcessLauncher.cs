using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sagebrush.Core.Compute.Sandbox;

namespace Sagebrush.Core.Compute;

/// <summary>
/// Runs hosts as local processes, confined by bubblewrap (<see cref="SandboxArguments"/> says how): a read-only
/// view of the system, the workspace at /opt/ml, a private /tmp, the data directory hidden, PID, IPC and UTS
/// namespaces of its own, no capabilities, and (as root) an unprivileged user of its own and a private network
/// namespace per job. Each host gets a control group with its instance type's limits (<see cref="Cgroups"/>).
/// Without bubblewrap hosts are plain processes that must use the SM_* paths.
/// <para>
/// Every host starts through <c>setsid</c>, so it leads a process group of its own. When a control group applies,
/// a shell waits on standard input until the server has moved it into the group, so nothing the host starts runs
/// outside it. A stop sends SIGTERM to every member of the group except bubblewrap itself (bubblewrap does not
/// forward signals, and if it died its <c>--die-with-parent</c> would SIGKILL the program at once), waits the grace
/// period, then SIGKILLs the group. When the host's main process ends, the group is SIGKILLed too.
/// </para>
/// Not supported yet: outbound network access from a job (a private namespace has only loopback), a seccomp filter
/// (so a job may still make user namespaces of its own, where it has no power over the sandbox's locked mounts).
/// </summary>
public sealed class LocalProcessLauncher : IHostLauncher
{
    public const string DefaultBubblewrapPath = "/usr/bin/bwrap";
    private const string SetsidPath = "/usr/bin/setsid";
    private const string CgroupGate = "read -r _ || exit 125; exec \"$@\"";

    private readonly SandboxOptions _options;
    private readonly Lazy<bool> _bubblewrapWorks;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<int, bool> _groups = new();
    private readonly SpawnThread _spawner = new();
    private volatile bool _disposed;

    /// <param name="bubblewrapPath">null to never use bubblewrap.</param>
    public LocalProcessLauncher(TimeProvider timeProvider, string? bubblewrapPath = DefaultBubblewrapPath)
        : this(timeProvider, new SandboxOptions { BubblewrapPath = bubblewrapPath })
    {
    }

    public LocalProcessLauncher(TimeProvider timeProvider, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _time = timeProvider;
        _options = options;
        _bubblewrapWorks = new Lazy<bool>(() => SandboxArguments.Probe(options.BubblewrapPath));
    }

    public bool UsesBubblewrap => _bubblewrapWorks.Value;

    public bool MountsOptMl => UsesBubblewrap;

    /// <summary>Whether each job gets a network namespace of its own (bubblewrap, root, util-linux's unshare and nsenter, iproute2's ip).</summary>
    public bool MakesPrivateNetworks => UsesBubblewrap && Environment.IsPrivilegedProcess && NetworkNamespace.ToolsPresent;

    public Cgroups Cgroups => _options.Cgroups ?? Cgroups.Shared;

    public SandboxUsers Users => _options.Users ?? SandboxUsers.Shared;

    public string? Note => UsesBubblewrap ? null : "bubblewrap is not available: running without an /opt/ml mount or any confinement; code must use the SM_* variables";

    /// <summary>One line for the server's log: how hosts are confined here, and what is missing.</summary>
    public string Describe()
    {
        if (!UsesBubblewrap)
        {
            return "hosts run as plain processes: bubblewrap (" + (_options.BubblewrapPath ?? "disabled") + ") does not work here, so jobs are NOT confined";
        }

        var user = Users.CanSwitchUser ? "an unprivileged user of their own" : "the server's user in a user namespace (run the server as root for separate users)";
        var network = MakesPrivateNetworks ? "a private network namespace per job or instance" : "the machine's loopback (run the server as root for private networks)";
        var limits = Cgroups.Unavailable ?? "instance type limits through " + Cgroups.Describe;
        return $"hosts run in bubblewrap as {user}, on {network}; {limits}";
    }

    /// <summary>An unprivileged user for one job or endpoint variant, or null when the server cannot switch users.</summary>
    public SandboxUserLease? LeaseUser() => UsesBubblewrap ? Users.Lease() : null;

    public async Task<HostNetwork> CreateNetworkAsync(CancellationToken cancellationToken) =>
        MakesPrivateNetworks ? await NetworkNamespace.CreateAsync(cancellationToken) : HostNetwork.Shared;

    public async Task<HostExit> RunAsync(HostLaunch launch, Action<HostOutputLine> output, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var sandboxed = UsesBubblewrap;
        using var cgroup = Cgroups.Create("host-" + Guid.NewGuid().ToString("N")[..16], launch.Resources);
        var start = new ProcessStartInfo(SetsidPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = sandboxed ? launch.ScratchDirectory : launch.WorkingDirectory,
        };
        start.Environment.Clear();
        foreach (var (key, value) in launch.Environment)
        {
            start.Environment[key] = value;
        }

        if (cgroup is not null)
        {
            foreach (var argument in new[] { "/bin/sh", "-c", CgroupGate, "sh" })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in sandboxed ? new SandboxArguments(_options, launch).Build() : launch.Command)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = await _spawner.StartAsync(start);
        var group = process.Id; // setsid execs in place: the process leads its own group
        _groups[group] = true;
        try
        {
            if (cgroup is not null)
            {
                cgroup.Add(process.Id);
                launch.Usage?.Attach(cgroup);
                await process.StandardInput.WriteLineAsync();
            }

            process.StandardInput.Close();
            var readers = Task.WhenAll(
                PumpAsync(process.StandardOutput, false, output),
                PumpAsync(process.StandardError, true, output));

            var killed = false;
            Task? stopping = null;
            using (stop.Register(() => stopping = StopAsync(process, group, sandboxed, launch.StopGracePeriod, () => killed = true)))
            {
                if (_disposed)
                {
                    ProcessGroups.SignalGroup(group, ProcessGroups.SigKill);
                }

                await process.WaitForExitAsync(CancellationToken.None);
            }

            // Whatever the program left behind in its group goes with it.
            ProcessGroups.SignalGroup(group, ProcessGroups.SigKill);
            await readers.WaitAsync(TimeSpan.FromSeconds(10), _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stopping is not null)
            {
                await stopping;
            }

            return new HostExit(process.ExitCode, killed, cgroup?.OutOfMemory ?? false);
        }
        finally
        {
            launch.Usage?.Detach();
            ProcessGroups.SignalGroup(group, ProcessGroups.SigKill);
            _groups.TryRemove(group, out _);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var group in _groups.Keys)
        {
            ProcessGroups.SignalGroup(group, ProcessGroups.SigKill);
        }

        _spawner.Dispose();
    }

    private async Task StopAsync(Process process, int group, bool sandboxed, TimeSpan grace, Action markKilled)
    {
        foreach (var member in ProcessGroups.Members(group))
        {
            if (!(sandboxed && member == group))
            {
                ProcessGroups.Signal(member, ProcessGroups.SigTerm);
            }
        }

        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(grace, _time);
        }
        catch (TimeoutException)
        {
            markKilled();
            ProcessGroups.SignalGroup(group, ProcessGroups.SigKill);
        }
    }

    private static async Task PumpAsync(StreamReader reader, bool isError, Action<HostOutputLine> output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            output(new HostOutputLine(line, isError));
        }
    }

    internal static string Bytes(long value) => value.ToString(CultureInfo.InvariantCulture);
}
