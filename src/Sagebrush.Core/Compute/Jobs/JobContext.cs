using Sagebrush.Core.Compute.Files;
using Sagebrush.Core.Compute.Sandbox;

namespace Sagebrush.Core.Compute.Jobs;

/// <summary>
/// One running job as its plug-in sees it: its directory, its hosts' workspaces, its user and network, its log, and a
/// way to run a command in its sandbox (for work before the hosts, such as pip).
/// </summary>
public sealed class JobContext
{
    private readonly IHostLauncher _launcher;

    internal JobContext(JobSpec spec, string directory, IReadOnlyList<JobHost> hosts, IHostLauncher launcher, SandboxUserLease? user, HostNetwork network, JobLog log, TimeProvider time)
    {
        Spec = spec;
        Directory = directory;
        Hosts = hosts;
        _launcher = launcher;
        UserLease = user;
        Network = network;
        Log = log;
        Time = time;
    }

    public JobSpec Spec { get; }

    /// <summary>The job's own directory (the server's): workspaces, scratch files, archives on their way.</summary>
    public string Directory { get; }

    public IReadOnlyList<JobHost> Hosts { get; }

    public JobLog Log { get; }

    public TimeProvider Time { get; }

    /// <summary>The job's network (hosts share it); the machine's loopback where the launcher has no private ones.</summary>
    public HostNetwork Network { get; }

    internal SandboxUserLease? UserLease { get; }

    /// <summary>Whether hosts see their workspace at /opt/ml (otherwise commands must use the real paths).</summary>
    public bool MountsOptMl => _launcher.MountsOptMl;

    /// <summary>A note for the job's log about how hosts run here, or null.</summary>
    public string? LauncherNote => _launcher.Note;

    /// <summary>/opt/ml as <paramref name="host"/> sees it.</summary>
    public string MlRoot(JobHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return MountsOptMl ? TrainingWorkspace.ContainerRoot : host.Root;
    }

    /// <summary>Gives a directory the server made for the job (a workspace, a virtual environment) to the job's user.</summary>
    public void GiveToJob(string directory) => UserLease?.GiveOwnership(directory);

    /// <summary>The launch of one of the job's hosts; <paramref name="jobNetwork"/> false puts it on the machine's network (pip).</summary>
    public HostLaunch Launch(JobHost host, JobHostCommand command, bool jobNetwork = true)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(command);
        return new HostLaunch(
            host.Name, [.. Hosts.Select(h => h.Name)], host.Root, Directory, command.Command, command.Environment, command.WorkingDirectory,
            jobNetwork && Spec.NetworkIsolation, Spec.StopGracePeriod)
        {
            ReadOnlyPaths = command.ReadOnlyPaths,
            Network = jobNetwork ? Network : HostNetwork.Shared,
            User = UserLease?.User,
            Resources = Spec.Resources,
            Container = Spec.Container is { } image ? new ContainerImage(image, command.Entrypoint) : null,
        };
    }

    /// <summary>Runs a launch through the job's launcher; every line goes to the job's log as the launch's host, and to <paramref name="line"/>.</summary>
    public Task<HostExit> RunLaunchAsync(HostLaunch launch, Action<HostOutputLine> line, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(line);
        return _launcher.RunAsync(launch, output =>
        {
            Log.Line(launch.Host, output.Text);
            line(output);
        }, stop);
    }

    /// <summary>Bytes a host's workspace holds, links not followed.</summary>
    public static long VolumeUsed(JobHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var root = ConfinedDirectory.Open(host.Root);
        return root.Walk().Sum(e => e.Size);
    }
}
