namespace Sagebrush.Core.Compute.Sandbox;

/// <summary>What a running host has used so far: CPU time (all cores together) and memory now, against its memory limit.</summary>
public sealed record HostUsage(TimeSpan CpuTime, long MemoryBytes, long MemoryLimitBytes);

/// <summary>
/// A window onto a running host's control group, handed to the launcher with the launch (<see cref="HostLaunch.Usage"/>):
/// the launcher attaches the group while the host runs and detaches it when the host ends, so a reader never touches a
/// removed group. <see cref="Read"/> answers null when the host is not running or runs without cgroups.
/// </summary>
public sealed class HostUsageProbe
{
    private CgroupSlot? slot;

    public HostUsage? Read() => Volatile.Read(ref slot)?.Usage();

    /// <summary>Reads <paramref name="group"/> until <see cref="Detach"/>; the probe never changes or removes it.</summary>
    internal void Attach(CgroupSlot? group) => Volatile.Write(ref slot, group);

    internal void Detach() => Volatile.Write(ref slot, null);
}
