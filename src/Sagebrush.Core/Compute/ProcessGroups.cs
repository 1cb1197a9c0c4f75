using System.Globalization;
using System.Runtime.InteropServices;

namespace Sagebrush.Core.Compute;

/// <summary>POSIX signals to processes and process groups, and a look at /proc to find a group's members.</summary>
internal static partial class ProcessGroups
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Whether a process with that id exists (kill(pid, 0)).</summary>
    public static bool Exists(int pid) => Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1; // EPERM: exists

    public static void SignalGroup(int processGroup, int signal) => _ = Kill(-processGroup, signal);

    public static void Signal(int pid, int signal) => _ = Kill(pid, signal);

    /// <summary>The members of a process group, from /proc/&lt;pid&gt;/stat (field 5).</summary>
    public static IReadOnlyList<int> Members(int processGroup)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields.Length > 2 && int.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var group) && group == processGroup)
                {
                    members.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to signal anyway.
            }
        }

        return members;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
