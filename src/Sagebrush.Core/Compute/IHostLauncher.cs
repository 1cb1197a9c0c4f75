using Sagebrush.Core.Compute.Sandbox;

namespace Sagebrush.Core.Compute;

/// <summary>
/// Runs one host's command and reports how it ended. Backends: local processes (bubblewrap when it works);
/// containers and Slurm later. Cancelling <c>stop</c> is a graceful stop: SIGTERM to the program, then a kill after
/// <see cref="HostLaunch.StopGracePeriod"/>. Disposing kills whatever is still running, at once.
/// </summary>
public interface IHostLauncher : IDisposable
{
    /// <summary>Whether the host sees its workspace at /opt/ml (otherwise it must use the real paths).</summary>
    bool MountsOptMl { get; }

    /// <summary>A note for the job's log about how hosts run here, or null when there is nothing to say.</summary>
    string? Note { get; }

    /// <summary>
    /// The network one job's hosts (or one endpoint instance) share, and through which the server reaches what they
    /// listen on: a private one where the backend can make it, else the machine's loopback. The caller disposes it
    /// after the hosts have ended.
    /// </summary>
    Task<HostNetwork> CreateNetworkAsync(CancellationToken cancellationToken);

    /// <summary>An unprivileged user of its own for one job or endpoint variant, or null where hosts run as the server's user.</summary>
    SandboxUserLease? LeaseUser();

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

    /// <summary>Host paths bound writable at their own path (a virtual environment while pip fills it).</summary>
    public IReadOnlyList<string> WritablePaths { get; init; } = [];

    /// <summary>Host directories bound at other paths inside the sandbox (a notebook's home and volume), in order, after the workspace.</summary>
    public IReadOnlyList<HostBind> Binds { get; init; } = [];

    /// <summary>Directories covered by an empty tmpfs before the binds (<c>/home</c>, so that a notebook's home can be made in it).</summary>
    public IReadOnlyList<string> CoveredPaths { get; init; } = [];

    /// <summary>The network from <see cref="IHostLauncher.CreateNetworkAsync"/>; the machine's loopback when not given.</summary>
    public HostNetwork Network { get; init; } = HostNetwork.Shared;

    /// <summary>The unprivileged user the host runs as (it owns the workspace), or null for the server's own user.</summary>
    public SandboxUser? User { get; init; }

    /// <summary>The instance type's limits for this host.</summary>
    public HostResources Resources { get; init; } = HostResources.Unlimited;

    /// <summary>Mount the workspace read-only (an endpoint's model); the host still gets a writable /tmp.</summary>
    public bool ReadOnlyWorkspace { get; init; }

    /// <summary>The image the host runs in, for the container launcher; null for the sandbox's hosts, which run on this machine's system.</summary>
    public ContainerImage? Container { get; init; }

    /// <summary>Where the launcher shows the host's CPU and memory use while it runs (endpoint instances' utilization metrics), or null.</summary>
    public Sandbox.HostUsageProbe? Usage { get; init; }
}

/// <summary>
/// The image a container host runs, as the user named it (<see cref="Reference"/>), and the entry point that replaces the
/// image's own (a processing job's ContainerEntrypoint), or null to keep the image's; the launch's command is then the
/// container's arguments (<c>train</c>, <c>serve</c>, ContainerArguments).
/// </summary>
public sealed record ContainerImage(string Reference, IReadOnlyList<string>? Entrypoint = null);

/// <summary>A host directory seen at <paramref name="Target"/> inside the sandbox.</summary>
public sealed record HostBind(string Source, string Target, bool Writable);

public readonly record struct HostOutputLine(string Text, bool IsStandardError);

/// <summary>
/// How a host ended: its exit code (128 + signal when a signal ended it), whether it had to be killed, and whether
/// the kernel killed it for going over its instance type's memory.
/// </summary>
public sealed record HostExit(int ExitCode, bool Killed, bool OutOfMemory = false);
