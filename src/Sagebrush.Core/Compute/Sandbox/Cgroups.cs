using System.Globalization;

namespace Sagebrush.Core.Compute.Sandbox;

/// <summary>
/// Puts each host in a control group of its own with its instance type's limits. cgroup v2 (memory.max, cpu.max,
/// pids.max) where the unified hierarchy has those controllers; otherwise the v1 memory, cpu and pids hierarchies
/// where they are writable (many container hosts still mount v1); otherwise none, and <see cref="Unavailable"/> says
/// why, once, for the server's log. Groups live under <c>sagebrush/</c> in each hierarchy.
/// </summary>
public sealed class Cgroups
{
    private const string Mount = "/sys/fs/cgroup";
    private readonly CgroupVersion _version;
    private readonly string[] _parents;

    private Cgroups(CgroupVersion version, string[] parents, string? unavailable)
    {
        _version = version;
        _parents = parents;
        Unavailable = unavailable;
    }

    /// <summary>Null when limits apply; otherwise why they do not.</summary>
    public string? Unavailable { get; }

    /// <summary>The hierarchy every launcher of this process uses, found once.</summary>
    public static Cgroups Shared => SharedInstance.Value;

    private static readonly Lazy<Cgroups> SharedInstance = new(() => Detect());

    public static Cgroups None(string why) => new(CgroupVersion.None, [], why);

    /// <summary>Finds a writable cgroup hierarchy (v2, then v1) and makes Sagebrush's parent groups in it.</summary>
    public static Cgroups Detect(string name = "sagebrush")
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return None("the server is not root, so it cannot create control groups: hosts run without cpu, memory and process limits");
        }

        foreach (var unified in new[] { Mount, Mount + "/unified" })
        {
            if (TryUnified(unified, name) is { } v2)
            {
                return v2;
            }
        }

        // Only real v1 hierarchies: on a v2 mount, making "memory/sagebrush" would make two nested v2 groups instead.
        var v1 = new[] { "memory", "cpu", "pids" }.Select(c => Path.Combine(Mount, c, name)).ToArray();
        // ("tasks" is v1's alone; a hierarchy's root has no limit files of its own.)
        if (!new[] { "memory", "cpu", "pids" }.All(c => File.Exists(Path.Combine(Mount, c, "tasks"))))
        {
            return None("neither cgroup v2 with the memory, cpu and pids controllers nor v1 hierarchies of them were found: hosts run without cpu, memory and process limits");
        }

        try
        {
            foreach (var parent in v1)
            {
                Directory.CreateDirectory(parent);
            }

            return new Cgroups(CgroupVersion.V1, v1, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return None("neither cgroup v2 with the memory, cpu and pids controllers nor writable v1 hierarchies were found: hosts run without cpu, memory and process limits");
        }
    }

    public string Describe => _version switch
    {
        CgroupVersion.V2 => "cgroup v2 at " + _parents[0],
        CgroupVersion.V1 => "cgroup v1 (memory, cpu, pids)",
        _ => "no cgroups",
    };

    /// <summary>A group for one host with its limits, or null when cgroups are unavailable or the limits are none.</summary>
    public CgroupSlot? Create(string id, HostResources resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        if (_version == CgroupVersion.None || resources == HostResources.Unlimited)
        {
            return null;
        }

        var paths = _parents.Select(p => Path.Combine(p, id)).ToArray();
        foreach (var path in paths)
        {
            Directory.CreateDirectory(path);
        }

        var slot = new CgroupSlot(_version, paths);
        slot.Apply(resources);
        return slot;
    }

    private static Cgroups? TryUnified(string root, string name)
    {
        try
        {
            var controllers = File.ReadAllText(Path.Combine(root, "cgroup.controllers")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!controllers.Contains("memory") || !controllers.Contains("pids") || !controllers.Contains("cpu"))
            {
                return null;
            }

            // A group may only hand controllers to its children when it holds no processes itself (the root is
            // exempt), so the controllers are enabled on the root and on sagebrush/, whose processes live below it.
            File.WriteAllText(Path.Combine(root, "cgroup.subtree_control"), "+memory +pids +cpu");
            var parent = Path.Combine(root, name);
            Directory.CreateDirectory(parent);
            File.WriteAllText(Path.Combine(parent, "cgroup.subtree_control"), "+memory +pids +cpu");
            return new Cgroups(CgroupVersion.V2, [parent], null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

internal enum CgroupVersion
{
    None,
    V1,
    V2,
}

/// <summary>One host's control group (one directory in v2, one per controller in v1).</summary>
public sealed class CgroupSlot : IDisposable
{
    private readonly CgroupVersion _version;
    private readonly string[] _paths;

    internal CgroupSlot(CgroupVersion version, string[] paths)
    {
        _version = version;
        _paths = paths;
    }

    /// <summary>Moves a process (and so everything it starts afterwards) into the group.</summary>
    public void Add(int pid)
    {
        foreach (var path in _paths)
        {
            File.WriteAllText(Path.Combine(path, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Whether the kernel's OOM killer killed a process of this group for going over memory.max.</summary>
    public bool OutOfMemory => _version switch
    {
        CgroupVersion.V2 => Counter(Path.Combine(_paths[0], "memory.events"), "oom_kill") > 0,
        CgroupVersion.V1 => Counter(Path.Combine(_paths[0], "memory.oom_control"), "oom_kill") > 0,
        _ => false,
    };

    /// <summary>Kills whatever is left in the group and removes it.</summary>
    public void Dispose()
    {
        // The host's processes are usually gone already; an exiting one leaves the group within a few milliseconds.
        for (var attempt = 0; attempt < 400; attempt++)
        {
            var left = false;
            foreach (var path in _paths)
            {
                foreach (var pid in Processes(path))
                {
                    left = true;
                    ProcessGroups.Signal(pid, ProcessGroups.SigKill);
                }
            }

            if (!left && _paths.All(TryRemove))
            {
                return;
            }

            Thread.Sleep(attempt < 20 ? 1 : 10);
        }
    }

    internal void Apply(HostResources resources)
    {
        var quota = resources.VCpus * 100_000L;
        if (_version == CgroupVersion.V2)
        {
            var path = _paths[0];
            Write(path, "memory.max", resources.MemoryBytes);
            TryWrite(path, "memory.swap.max", "0");
            Write(path, "pids.max", resources.MaxProcesses);
            TryWrite(path, "cpu.max", resources.VCpus > 0 ? $"{quota} 100000" : "max 100000");
            return;
        }

        var (memory, cpu, pids) = (_paths[0], _paths[1], _paths[2]);
        Write(memory, "memory.limit_in_bytes", resources.MemoryBytes);
        if (resources.MemoryBytes > 0)
        {
            TryWrite(memory, "memory.memsw.limit_in_bytes", resources.MemoryBytes.ToString(CultureInfo.InvariantCulture));
        }

        Write(pids, "pids.max", resources.MaxProcesses);
        TryWrite(cpu, "cpu.cfs_period_us", "100000");
        TryWrite(cpu, "cpu.cfs_quota_us", resources.VCpus > 0 ? quota.ToString(CultureInfo.InvariantCulture) : "-1");
    }

    private static void Write(string directory, string file, long value)
    {
        if (value > 0)
        {
            File.WriteAllText(Path.Combine(directory, file), value.ToString(CultureInfo.InvariantCulture));
        }
    }

    // Optional knobs: swap accounting and the cpu controller are not on every kernel.
    private static void TryWrite(string directory, string file, string value)
    {
        try
        {
            File.WriteAllText(Path.Combine(directory, file), value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static long Counter(string file, string name)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && parts[0] == name && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static IEnumerable<int> Processes(string path)
    {
        try
        {
            return [.. File.ReadAllLines(Path.Combine(path, "cgroup.procs")).Select(l => int.TryParse(l, CultureInfo.InvariantCulture, out var pid) ? pid : 0).Where(p => p > 0)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static bool TryRemove(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
