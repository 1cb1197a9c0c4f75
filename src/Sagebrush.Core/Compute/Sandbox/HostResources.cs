namespace Sagebrush.Core.Compute.Sandbox;

/// <summary>
/// What one host may use: its instance type's vCPUs and memory (cgroup cpu.max and memory.max), a bound on its
/// processes (pids.max: a fork bomb stops there), and its volume (VolumeSizeInGB: the most its workspace may hold,
/// and the largest file it may write).
/// </summary>
public sealed record HostResources(int VCpus, long MemoryBytes, int MaxProcesses, long VolumeBytes)
{
    /// <summary>No limits: hosts of a launcher without cgroups, and tests that do not care.</summary>
    public static HostResources Unlimited { get; } = new(0, 0, 0, 0);

    /// <summary>A process bound that leaves a framework's worker threads room: 1024, or 256 per vCPU on bigger types.</summary>
    public static int ProcessesFor(int vcpus) => Math.Max(1024, 256 * vcpus);

    public static long Gibibytes(double gib) => (long)(gib * 1024 * 1024 * 1024);
}
