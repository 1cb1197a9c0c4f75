using System.Diagnostics;
using System.Text;
using Sagebrush.Core.Compute.Sandbox;

namespace Sagebrush.Core.Compute;

/// <summary>
/// The command line that confines one host:
/// <code>
/// [nsenter --net=&lt;job's namespace&gt; --] bwrap
///     --ro-bind / /  --dev /dev  --proc /proc  --tmpfs /tmp (sized to the volume)  --tmpfs /opt
///     --tmpfs &lt;each hidden path: the data directory; each directory on the way to a bind that others cannot enter&gt;
///     --perms 0755 --dir &lt;the way to each bind inside those tmpfs&gt;
///     --bind &lt;workspace&gt; /opt/ml (read-only for endpoints)  --ro-bind &lt;hosts file&gt; /etc/hosts  --ro-bind &lt;paths the program needs&gt;
///     --unshare-pid --unshare-ipc --unshare-uts --hostname algo-N [--unshare-net] --die-with-parent --cap-drop ALL
///     -- [setpriv --reuid=U --regid=G --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs --]
///        [prlimit --fsize=&lt;volume&gt; --] command
/// </code>
/// As root, bubblewrap keeps only CAP_SETUID/SETGID/SETPCAP for setpriv (and CAP_DAC_OVERRIDE to enter the
/// workspace, which the job's user owns with mode 0700), and setpriv switches to the job's own user and
/// drops every capability, bounding set included, before the job's first instruction; bubblewrap itself sets
/// no_new_privs, so nothing the job runs can gain privileges. Not as root, bubblewrap runs in a user namespace of the
/// server's user and drops its capabilities itself. Without a network namespace from the launcher the host gets an
/// empty one of its own (<c>--unshare-net</c>) when the job asks for isolation, else the machine's loopback.
/// </summary>
internal sealed class SandboxArguments(SandboxOptions options, HostLaunch launch)
{
    private const string NsenterPath = "/usr/bin/nsenter";
    private const string SetprivPath = "/usr/bin/setpriv";
    private const string PrlimitPath = "/usr/bin/prlimit";

    public List<string> Build()
    {
        var arguments = new List<string>();
        if (launch.Network is NetworkNamespace network)
        {
            arguments.AddRange([NsenterPath, "--net=" + network.Path, "--"]);
        }

        arguments.AddRange([options.BubblewrapPath!, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--perms", "1777"]);
        if (launch.Resources.VolumeBytes > 0)
        {
            arguments.AddRange(["--size", LocalProcessLauncher.Bytes(launch.Resources.VolumeBytes)]);
        }

        var binds = Binds();
        var covered = new List<string> { "/tmp", "/opt" };
        covered.AddRange(launch.CoveredPaths.Where(p => !IsUnder(p, covered)));
        covered.AddRange(options.HiddenPaths.Where(Directory.Exists).Where(p => !IsUnder(p, covered)));
        foreach (var bind in binds)
        {
            // A directory on the way that the job's user may not enter (/root, a 0700 data directory) is covered
            // by an empty tmpfs, and the way to the bind is made again inside it with 0755 directories.
            foreach (var closed in Ancestors(bind.Target).Where(a => !IsUnder(a, covered) && !IsEnterable(a)))
            {
                covered.Add(closed);
            }
        }

        arguments.AddRange(["--tmpfs", "/tmp"]);
        var made = new HashSet<string>(StringComparer.Ordinal);
        var mounted = new List<string> { "/tmp" };
        foreach (var path in covered.Skip(1).Distinct(StringComparer.Ordinal).OrderBy(p => p.Length))
        {
            MakeWay(arguments, path, mounted, made);
            arguments.AddRange(["--tmpfs", path]);
            mounted.Add(path);
        }

        foreach (var bind in binds)
        {
            MakeWay(arguments, bind.Target, mounted, made);

            arguments.AddRange([bind.Writable ? "--bind" : "--ro-bind", bind.Source, bind.Target]);
        }

        // --die-with-parent kills bubblewrap and the program with the server, even on SIGKILL, but not what the
        // program started: those would be reparented and live on. In a PID namespace of its own the host's
        // processes all die with the namespace's init, which dies with bubblewrap.
        arguments.AddRange(["--chdir", launch.WorkingDirectory, "--die-with-parent", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", launch.Host]);
        if (launch.Network is not NetworkNamespace && launch.NetworkIsolation)
        {
            arguments.Add("--unshare-net");
        }

        if (Environment.IsPrivilegedProcess)
        {
            arguments.AddRange(["--cap-drop", "ALL"]);
            if (launch.User is not null)
            {
                // bubblewrap itself still enters the job's 0700 workspace (--chdir) before setpriv drops everything.
                arguments.AddRange(["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP", "--cap-add", "CAP_DAC_OVERRIDE"]);
            }
        }

        arguments.Add("--");
        if (launch.User is { } user)
        {
            arguments.AddRange([SetprivPath, $"--reuid={user.Uid}", $"--regid={user.Gid}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]);
        }

        if (launch.Resources.VolumeBytes > 0)
        {
            arguments.AddRange([PrlimitPath, "--fsize=" + LocalProcessLauncher.Bytes(launch.Resources.VolumeBytes), "--"]);
        }

        arguments.AddRange(launch.Command);
        return arguments;
    }

    /// <summary>Runs bubblewrap once with every option hosts use; any failure means plain processes.</summary>
    public static bool Probe(string? bubblewrapPath)
    {
        if (bubblewrapPath is null || !File.Exists(bubblewrapPath) || !File.Exists("/usr/bin/setsid"))
        {
            return false;
        }

        var scratch = Directory.CreateTempSubdirectory("sagebrush-bwrap-probe-");
        try
        {
            var launch = new HostLaunch("algo-1", ["algo-1"], scratch.FullName, scratch.FullName, ["/bin/true"], new Dictionary<string, string>(), "/opt/ml", true, TimeSpan.Zero)
            {
                Resources = new HostResources(1, 0, 0, 1 << 20),
            };
            var start = new ProcessStartInfo(bubblewrapPath) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new SandboxArguments(new SandboxOptions { BubblewrapPath = bubblewrapPath }, launch).Build().Skip(1))
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

    private List<(string Source, string Target, bool Writable)> Binds()
    {
        List<(string Source, string Target, bool Writable)> binds =
        [
            (launch.Workspace, TrainingWorkspace.ContainerRoot, !launch.ReadOnlyWorkspace),
            (HostsFile(), "/etc/hosts", false),
        ];
        binds.AddRange(launch.ReadOnlyPaths.Select(p => (p, p, false)));
        binds.AddRange(launch.WritablePaths.Select(p => (p, p, true)));
        binds.AddRange(launch.Binds.Select(b => (b.Source, b.Target, b.Writable)));
        return binds;
    }

    /// <summary>Makes the directories above <paramref name="target"/> that lie in a tmpfs, enterable by the job's user.</summary>
    private static void MakeWay(List<string> arguments, string target, List<string> mounted, HashSet<string> made)
    {
        foreach (var ancestor in Ancestors(target).Where(a => IsUnder(a, mounted) && !mounted.Contains(a) && made.Add(a)))
        {
            arguments.AddRange(["--perms", "0755", "--dir", ancestor]);
        }
    }

    /// <summary>/a, /a/b, ... for /a/b/c: the directories above a path, outermost first.</summary>
    private static IEnumerable<string> Ancestors(string path)
    {
        for (var slash = path.IndexOf('/', 1); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }

    private static bool IsUnder(string path, IEnumerable<string> roots) =>
        roots.Any(r => path == r || path.StartsWith(r + "/", StringComparison.Ordinal));

    /// <summary>Whether any user may pass through the directory (others' execute bit); a missing one is made by bubblewrap.</summary>
    private static bool IsEnterable(string directory)
    {
        try
        {
            return !Directory.Exists(directory) || (File.GetUnixFileMode(directory) & UnixFileMode.OtherExecute) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>/etc/hosts for the host: algo-1..N on the loopback of the job's network.</summary>
    private string HostsFile()
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
            File.SetUnixFileMode(hostsFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        return hostsFile;
    }
}
