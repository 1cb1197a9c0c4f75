using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sagebrush.Core.Compute.Files;

/// <summary>
/// The handful of libc calls that open a path one component at a time relative to a directory descriptor
/// (openat, mkdirat, unlinkat, symlinkat, readlinkat, statx, fchownat), which .NET's path-based file APIs cannot do.
/// Flag values are Linux's; the directory and no-follow flags differ on arm64.
/// </summary>
internal static unsafe partial class NativeFiles
{
    public const int ReadOnly = 0;
    public const int WriteOnly = 1;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int NonBlocking = 0x800;
    public const int CloseOnExec = 0x80000;
    public const int PathOnly = 0x200000;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDir = 0x200;
    public const int AtEmptyPath = 0x1000;
    public const int AtFdCwd = -100;

    public const int EEXIST = 17;
    public const int ENOENT = 2;

    public const int TypeMask = 0xF000;
    public const int TypeDirectory = 0x4000;
    public const int TypeRegular = 0x8000;
    public const int TypeSymlink = 0xA000;

    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxSize = 0x200;

    public static int Directory { get; } = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 ? 0x4000 : 0x10000;

    public static int NoFollow { get; } = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 ? 0x8000 : 0x20000;

    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>openat; returns an owned handle, or an invalid one with <see cref="LastError"/> set.</summary>
    public static SafeFileHandle OpenAt(SafeFileHandle directory, string name, int flags, int mode = 0)
    {
        var fd = OpenAtNative(directory, name, flags | CloseOnExec, mode);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    public static SafeFileHandle Open(string path, int flags)
    {
        var fd = OpenAtNative(AtFdCwd, path, flags | CloseOnExec, 0);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    public static int MakeDirectoryAt(SafeFileHandle directory, string name, int mode) => MkdirAt(directory, name, mode);

    public static int UnlinkAt(SafeFileHandle directory, string name, int flags) => UnlinkAtNative(directory, name, flags);

    public static int SymlinkAt(string target, SafeFileHandle directory, string name) => SymlinkAtNative(target, directory, name);

    public static int ChangeOwnerAt(SafeFileHandle directory, string name, int uid, int gid, int flags) => FchownAt(directory, name, uid, gid, flags);

    public static int ChangeModeAt(SafeFileHandle file, int mode) => Fchmod(file, mode);

    /// <summary>The type and permission bits and size of <paramref name="name"/> in <paramref name="directory"/> ("" with AtEmptyPath: the descriptor itself).</summary>
    public static bool TryStat(SafeFileHandle directory, string name, int flags, out int mode, out long size)
    {
        var buffer = stackalloc byte[256];
        var result = StatxNative(directory, name, flags, StatxType | StatxMode | StatxSize, buffer);
        mode = result == 0 ? *(ushort*)(buffer + 28) : 0;
        size = result == 0 ? *(long*)(buffer + 40) : 0;
        return result == 0;
    }

    public static string? ReadLinkAt(SafeFileHandle directory, string name)
    {
        var buffer = new byte[4097];
        var length = ReadLinkAtNative(directory, name, buffer, (nuint)buffer.Length);
        return length < 0 || length >= buffer.Length ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, (int)length);
    }

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr OpenAtNative(SafeFileHandle directory, string name, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr OpenAtNative(int directory, string name, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkdirAt(SafeFileHandle directory, string name, int mode);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkAtNative(SafeFileHandle directory, string name, int flags);

    [LibraryImport("libc", EntryPoint = "symlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SymlinkAtNative(string target, SafeFileHandle directory, string name);

    [LibraryImport("libc", EntryPoint = "fchownat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FchownAt(SafeFileHandle directory, string name, int uid, int gid, int flags);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static partial int Fchmod(SafeFileHandle file, int mode);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxNative(SafeFileHandle directory, string name, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ReadLinkAtNative(SafeFileHandle directory, string name, byte[] buffer, nuint size);
}
