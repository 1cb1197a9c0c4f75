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
