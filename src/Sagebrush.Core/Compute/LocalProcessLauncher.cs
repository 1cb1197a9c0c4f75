using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Sagebrush.Core.Compute;

/// <summary>
/// Runs hosts as local processes. With a working bubblewrap each host gets its workspace at /opt/ml, a read-only
/// root, its own /tmp and PID namespace, the hostname algo-N and an /etc/hosts that maps algo-1..N to 127.0.0.1;
/// network isolation adds a new network namespace. Without bubblewrap hosts are plain processes that must use the
/// SM_* paths.
/// <para>
/// Every host starts through <c>setsid</c>, so it leads a process group of its own. A stop sends SIGTERM to every
/// member of the group except bubblewrap itself (bubblewrap does not forward signals, and if it died its
/// <c>--die-with-parent</c> would SIGKILL the program at once), waits the grace period, then SIGKILLs the group.
/// When the host's main process ends, the group is SIGKILLed too, so nothing it started outlives it.
/// </para>
/// Not supported yet: network isolation that still lets several hosts of one job reach each other; plain processes
/// (no bubblewrap) that die with the server when it is SIGKILLed.
/// </summary>
public sealed class LocalProcessLauncher : IHostLauncher
{
    public const string DefaultBubblewrapPath = "/usr/bin/bwrap";
    private const string SetsidPath = "/usr/bin/setsid";

    private readonly string? _bubblewrapPath;
    private readonly Lazy<bool> _bubblewrapWorks;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<int, bool> _groups = new();
    private readonly SpawnThread _spawner = new();
    private volatile bool _disposed;

    /// <param name="bubblewrapPath">null to never use bubblewrap.</param>
    public LocalProcessLauncher(TimeProvider timeProvider, string? bubblewrapPath = DefaultBubblewrapPath)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        _bubblewrapPath = bubblewrapPath;
        _bubblewrapWorks = new Lazy<bool>(Probe);
    }

    public bool UsesBubblewrap => _bubblewrapWorks.Value;

    public bool MountsOptMl => UsesBubblewrap;

    public string? Note => UsesBubblewrap ? null : "bubblewrap is not available: running without an /opt/ml mount; code must use the SM_* variables";

    public async Task<HostExit> RunAsync(HostLaunch launch, Action<HostOutputLine> output, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var sandboxed = UsesBubblewrap;
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

        foreach (var argument in sandboxed ? BubblewrapArguments(launch) : launch.Command)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = await _spawner.StartAsync(start);
        var group = process.Id; // setsid execs in place: the process leads its own group
        _groups[group] = true;
        try
        {
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

            return new HostExit(process.ExitCode, killed);
        }
        finally
        {
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

    private List<string> BubblewrapArguments(HostLaunch launch)
    {
        var hostsFile = Path.Combine(launch.ScratchDirectory, "hosts");
        if (!File.Exists(hostsFile))
        {
            var lines = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
            foreach (var host in launch.Hosts)
            {
                lines.Append("127.0.0.1\t").Append(host).Append('\n');
            }

            File.WriteAllText(hostsFile, lines.ToString());
        }

        List<string> arguments =
        [
            _bubblewrapPath!, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--tmpfs", "/opt",
            "--bind", launch.Workspace, TrainingWorkspace.ContainerRoot, "--ro-bind", hostsFile, "/etc/hosts",
        ];
        foreach (var path in launch.ReadOnlyPaths)
        {
            arguments.AddRange(["--ro-bind", path, path]);
        }

        // --die-with-parent kills bubblewrap and the program with the server, even on SIGKILL, but not what the
        // program started: those would be reparented and live on. In a PID namespace of its own the host's
        // processes all die with the namespace's init, which dies with bubblewrap.
        arguments.AddRange(["--chdir", launch.WorkingDirectory, "--die-with-parent", "--unshare-pid", "--unshare-uts", "--hostname", launch.Host]);
        if (launch.NetworkIsolation)
        {
            arguments.Add("--unshare-net");
        }

        arguments.Add("--");
        arguments.AddRange(launch.Command);
        return arguments;
    }

    /// <summary>Runs bubblewrap once with every option hosts use; any failure means plain processes.</summary>
    private bool Probe()
    {
        if (_bubblewrapPath is null || !File.Exists(_bubblewrapPath) || !File.Exists(SetsidPath))
        {
            return false;
        }

        var scratch = Directory.CreateTempSubdirectory("sagebrush-bwrap-probe-");
        try
        {
            var start = new ProcessStartInfo(_bubblewrapPath) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
            {
                "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--tmpfs", "/opt",
                "--bind", scratch.FullName, TrainingWorkspace.ContainerRoot, "--die-with-parent", "--unshare-uts", "--hostname", "algo-1",
                "--unshare-net", "--unshare-pid", "--", "/bin/true",
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }

            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
