namespace Sagebrush.Core.Compute;

/// <summary>
/// Runs one host's command and reports how it ended. Backends: local processes (with bubblewrap when it works);
/// containers and Slurm later. Cancelling <c>stop</c> is a graceful stop: SIGTERM to the program, then a kill after
/// <see cref="HostLaunch.StopGracePeriod"/>. Disposing kills whatever is still running, at once.
/// </summary>
public interface IHostLauncher : IDisposable
{
    /// <summary>Whether the host sees its workspace at /opt/ml (otherwise it must use the real paths).</summary>
    bool MountsOptMl { get; }

    /// <summary>A note for the job's log about how hosts run here, or null when there is nothing to say.</summary>
    string? Note { get; }

    Task<HostExit> RunAsync(HostLaunch launch, Action<HostOutputLine> output, CancellationToken stop);
}

/// <summary>
/// One host to start. <see cref="WorkingDirectory"/> is as the host sees it. <see cref="ReadOnlyPaths"/> are
/// host paths the program needs to see where they are (a per-job virtual environment, say).
/// </summary>
public sealed record HostLaunch(
    string Host,
    IReadOnlyList<string> Hosts,
    string Workspace,
    string ScratchDirectory,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    bool NetworkIsolation,
    TimeSpan StopGracePeriod)
{
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];
}

public readonly record struct HostOutputLine(string Text, bool IsStandardError);

/// <summary>How a host ended: its exit code (128 + signal when a signal ended it) and whether it had to be killed.</summary>
public sealed record HostExit(int ExitCode, bool Killed);
