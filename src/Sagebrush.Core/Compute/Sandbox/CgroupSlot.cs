using System.Globalization;

namespace Sagebrush.Core.Compute.Sandbox;

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

    /// <summary>
    /// The group another runtime made for <paramref name="pid"/> (a container's, which Docker owns), read from
    /// /proc/&lt;pid&gt;/cgroup: only to read its usage, never to change or remove it. Null when the process is gone.
    /// </summary>
    public static CgroupSlot? Of(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/cgroup");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // v1: "N:memory:/docker/<id>"; v2: the one line "0::/docker/<id>".
        var memory = lines.Select(line => line.Split(':', 3)).FirstOrDefault(parts => parts.Length == 3 && parts[1].Split(',').Contains("memory"));
        if (memory is not null)
        {
            return new CgroupSlot(CgroupVersion.V1, ["/sys/fs/cgroup/memory" + memory[2]]);
        }

        var unified = lines.Select(line => line.Split(':', 3)).FirstOrDefault(parts => parts.Length == 3 && parts[0] == "0" && parts[1].Length == 0);
        return unified is null ? null : new CgroupSlot(CgroupVersion.V2, ["/sys/fs/cgroup" + unified[2]]);
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

    /// <summary>
    /// CPU time and memory now. v2 reads cpu.stat and memory.current; v1 (where cpuacct is often a hierarchy of its own
    /// that Sagebrush does not populate) sums the group's processes' utime and stime from /proc and reads
    /// memory.usage_in_bytes. Null when the group is gone.
    /// </summary>
    public HostUsage? Usage()
    {
        try
        {
            if (_version == CgroupVersion.V2)
            {
                var path = _paths[0];
                var cpu = TimeSpan.FromMicroseconds(Counter(Path.Combine(path, "cpu.stat"), "usage_usec"));
                return new HostUsage(cpu, Number(Path.Combine(path, "memory.current")), Number(Path.Combine(path, "memory.max")));
            }

            var memory = _paths[0];
            var ticks = Processes(memory).Sum(ProcessCpuTicks);
            return new HostUsage(
                TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond),
                Number(Path.Combine(memory, "memory.usage_in_bytes")),
                Number(Path.Combine(memory, "memory.limit_in_bytes")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // USER_HZ: 100 on every Linux architecture Sagebrush runs on.
    private const int ClockTicksPerSecond = 100;

    private static long Number(string file)
    {
        var text = File.ReadAllText(file).Trim();
        return long.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : 0; // "max" in v2: no limit
    }

    /// <summary>utime + stime of one process, from /proc/&lt;pid&gt;/stat (fields 14 and 15, after the parenthesised name).</summary>
    private static long ProcessCpuTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return 0; // the process ended meanwhile
        }
    }

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
