using System.Runtime.InteropServices;

namespace Sagebrush.Core.Storage;

/// <summary>
/// The data directory holds the credentials, the metadata, every bucket's bytes and the jobs' workspaces: it is the
/// server's alone. It is created (or tightened) to 0700, and the process's umask is set to 077 so every file the
/// server writes there is 0600 and every directory 0700, whichever library creates it (SQLite, the object store,
/// Python's venv). Hosts get what they need by ownership (their workspace is given to their user), not by mode.
/// </summary>
public static partial class DataDirectory
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Prepare(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _ = SetUmask(0b000_111_111);
        Directory.CreateDirectory(path, OwnerOnly);
        File.SetUnixFileMode(path, OwnerOnly);
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial int SetUmask(int mask);
}
