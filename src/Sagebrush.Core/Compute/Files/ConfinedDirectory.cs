using Microsoft.Win32.SafeHandles;

namespace Sagebrush.Core.Compute.Files;

/// <summary>
/// A directory the server reads or fills while someone else may own what is inside it: a job's /opt/ml, an archive
/// being unpacked. Every path is opened one component at a time from the directory's own descriptor, never following
/// a symbolic link and never leaving the directory ("..", absolute paths and empty components are refused), so a link
/// a job left behind (to /proc/self/environ, to the data directory) is reported, not read. Only regular files are
/// opened; FIFOs and devices are refused without blocking.
/// </summary>
public sealed class ConfinedDirectory : IDisposable
{
    private const int DirectoryMode = 0b111_101_101; // 0755; the server's umask takes what it must

    private readonly SafeFileHandle _root;

    private ConfinedDirectory(string path, SafeFileHandle root)
    {
        Path = path;
        _root = root;
    }

    /// <summary>The directory's path (trusted: the server made it).</summary>
    public string Path { get; }

    /// <summary>Opens <paramref name="path"/>, creating it first when <paramref name="create"/> is set.</summary>
    public static ConfinedDirectory Open(string path, bool create = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (create)
        {
            System.IO.Directory.CreateDirectory(path);
        }

        var handle = NativeFiles.Open(path, NativeFiles.PathOnly | NativeFiles.Directory | NativeFiles.NoFollow);
        if (handle.IsInvalid)
        {
            var error = NativeFiles.LastError;
            handle.Dispose();
            throw new DirectoryNotFoundException($"Cannot open the directory '{path}' (errno {error}).");
        }

        return new ConfinedDirectory(path, handle);
    }

    public void Dispose() => _root.Dispose();

    /// <summary>Splits a relative path into its components, refusing anything that could leave the directory.</summary>
    public static string[] Components(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        var parts = relative.Split('/');
        if (relative.Length == 0 || parts.Any(p => p is "" or "." or ".."))
        {
            throw new UnsafePathException($"'{relative}' is not a plain relative path.");
        }

        return parts;
    }

    /// <summary>Opens a regular file for reading, or returns null when nothing is there.</summary>
    public FileStream? OpenRead(string relative)
    {
        var parts = Components(relative);
        using var parent = OpenParent(parts, create: false, relative);
        if (parent is null)
        {
            return null;
        }

        var file = NativeFiles.OpenAt(parent, parts[^1], NativeFiles.ReadOnly | NativeFiles.NoFollow | NativeFiles.NonBlocking);
        if (file.IsInvalid)
        {
            var error = NativeFiles.LastError;
            file.Dispose();
            return error == NativeFiles.ENOENT ? null : throw Refused(relative, error);
        }

        if (!NativeFiles.TryStat(file, "", NativeFiles.AtEmptyPath, out var mode, out _) || (mode & NativeFiles.TypeMask) != NativeFiles.TypeRegular)
        {
            file.Dispose();
            throw new UnsafePathException($"'{relative}' is not a regular file.");
        }

        return new FileStream(file, FileAccess.Read, bufferSize: 0);
    }

    /// <summary>The first <paramref name="maxBytes"/> bytes of a regular file as UTF-8, or null when it is missing.</summary>
    public string? ReadText(string relative, int maxBytes)
    {
        using var file = OpenRead(relative);
        if (file is null)
        {
            return null;
        }

        var buffer = new byte[maxBytes];
        var read = file.ReadAtLeast(buffer, maxBytes, throwOnEndOfStream: false);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>Creates (or replaces) a regular file with <paramref name="mode"/>, creating its parent directories.</summary>
    public FileStream CreateFile(string relative, int mode = 0b110_100_100)
    {
        var parts = Components(relative);
        using var parent = OpenParent(parts, create: true, relative)!;
        var name = parts[^1];
        RemoveExisting(parent, name, relative, "a file");
        var file = NativeFiles.OpenAt(parent, name, NativeFiles.WriteOnly | NativeFiles.Create | NativeFiles.Exclusive | NativeFiles.NoFollow, mode & 0b111_111_111);
        if (file.IsInvalid)
        {
            var error = NativeFiles.LastError;
            file.Dispose();
            throw Refused(relative, error);
        }

        return new FileStream(file, FileAccess.Write, bufferSize: 0);
    }

    public void CreateDirectory(string relative)
    {
        var parts = Components(relative);
        using var directory = OpenDirectory(parts, parts.Length, create: true, relative);
    }

    /// <summary>Makes a symbolic link; the caller has checked the target. Replaces a regular file or link of that name.</summary>
    public void CreateSymlink(string relative, string target)
    {
        var parts = Components(relative);
        using var parent = OpenParent(parts, create: true, relative)!;
        var name = parts[^1];
        RemoveExisting(parent, name, relative, "a link");
        if (NativeFiles.SymlinkAt(target, parent, name) != 0)
        {
            throw Refused(relative, NativeFiles.LastError);
        }
    }

    /// <summary>What is at <paramref name="relative"/>, without following a link there; null when nothing is.</summary>
    public ConfinedEntry? Stat(string relative)
    {
        var parts = Components(relative);
        using var parent = OpenParent(parts, create: false, relative);
        return parent is null ? null : Entry(parent, parts[^1], relative);
    }

    /// <summary>Every file, directory and link below <paramref name="relativeDirectory"/> ("" for all), parents first, names in ordinal order; links are listed, never entered.</summary>
    public IEnumerable<ConfinedEntry> Walk(string relativeDirectory = "")
    {
        var parts = relativeDirectory.Length == 0 ? [] : Components(relativeDirectory);
        var start = OpenDirectory(parts, parts.Length, create: false, relativeDirectory);
        if (start is null)
        {
            yield break;
        }

        using (start)
        {
            foreach (var entry in WalkFrom(start, relativeDirectory))
            {
                yield return entry;
            }
        }
    }

    /// <summary>Gives the directory and everything below it to <paramref name="uid"/>:<paramref name="gid"/> (links themselves, not their targets).</summary>
    public void ChangeOwner(int uid, int gid)
    {
        _ = NativeFiles.ChangeOwnerAt(_root, "", uid, gid, NativeFiles.AtEmptyPath);
        ChangeOwnerBelow(_root, uid, gid);
    }

    /// <summary>A later entry replaces an earlier file or link of its name (as tar does); a directory is never replaced.</summary>
    private static void RemoveExisting(SafeFileHandle parent, string name, string relative, string becoming)
    {
        if (NativeFiles.TryStat(parent, name, NativeFiles.AtSymlinkNoFollow, out var existing, out _))
        {
            if ((existing & NativeFiles.TypeMask) == NativeFiles.TypeDirectory)
            {
                throw new UnsafePathException($"'{relative}' is a directory and cannot become {becoming}.");
            }

            _ = NativeFiles.UnlinkAt(parent, name, 0);
        }
    }

    private void ChangeOwnerBelow(SafeFileHandle directory, int uid, int gid)
    {
        foreach (var name in Names(directory))
        {
            _ = NativeFiles.ChangeOwnerAt(directory, name, uid, gid, NativeFiles.AtSymlinkNoFollow);
            if (NativeFiles.TryStat(directory, name, NativeFiles.AtSymlinkNoFollow, out var mode, out _) && (mode & NativeFiles.TypeMask) == NativeFiles.TypeDirectory)
            {
                using var child = NativeFiles.OpenAt(directory, name, NativeFiles.PathOnly | NativeFiles.Directory | NativeFiles.NoFollow);
                if (!child.IsInvalid)
                {
                    ChangeOwnerBelow(child, uid, gid);
                }
            }
        }
    }

    private IEnumerable<ConfinedEntry> WalkFrom(SafeFileHandle directory, string prefix)
    {
        foreach (var name in Names(directory))
        {
            var relative = prefix.Length == 0 ? name : prefix + "/" + name;
            if (Entry(directory, name, relative) is not { } entry)
            {
                continue;
            }

            yield return entry;
            if (entry.Kind == ConfinedEntryKind.Directory)
            {
                using var child = NativeFiles.OpenAt(directory, name, NativeFiles.PathOnly | NativeFiles.Directory | NativeFiles.NoFollow);
                if (child.IsInvalid)
                {
                    continue; // replaced by a link since we looked: not ours to enter
                }

                foreach (var below in WalkFrom(child, relative))
                {
                    yield return below;
                }
            }
        }
    }

    private static ConfinedEntry? Entry(SafeFileHandle directory, string name, string relative)
    {
        if (!NativeFiles.TryStat(directory, name, NativeFiles.AtSymlinkNoFollow, out var mode, out var size))
        {
            return null;
        }

        return (mode & NativeFiles.TypeMask) switch
        {
            NativeFiles.TypeDirectory => new ConfinedEntry(relative, ConfinedEntryKind.Directory, 0, mode & 0xFFF, null),
            NativeFiles.TypeRegular => new ConfinedEntry(relative, ConfinedEntryKind.File, size, mode & 0xFFF, null),
            NativeFiles.TypeSymlink => new ConfinedEntry(relative, ConfinedEntryKind.SymbolicLink, 0, mode & 0xFFF, NativeFiles.ReadLinkAt(directory, name)),
            _ => new ConfinedEntry(relative, ConfinedEntryKind.Other, 0, mode & 0xFFF, null),
        };
    }

    /// <summary>The names in an opened directory, read through its descriptor (/proc/self/fd names exactly that directory).</summary>
    private static List<string> Names(SafeFileHandle directory)
    {
        var path = "/proc/self/fd/" + directory.DangerousGetHandle();
        try
        {
            return [.. System.IO.Directory.EnumerateFileSystemEntries(path).Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private SafeFileHandle? OpenParent(string[] parts, bool create, string relative) => OpenDirectory(parts, parts.Length - 1, create, relative);

    /// <summary>Opens the directory made of the first <paramref name="count"/> components; null when one is missing and not created.</summary>
    private SafeFileHandle? OpenDirectory(string[] parts, int count, bool create, string relative)
    {
        var current = NativeFiles.OpenAt(_root, ".", NativeFiles.PathOnly | NativeFiles.Directory);
        for (var i = 0; i < count; i++)
        {
            var next = NativeFiles.OpenAt(current, parts[i], NativeFiles.PathOnly | NativeFiles.Directory | NativeFiles.NoFollow);
            if (next.IsInvalid && NativeFiles.LastError == NativeFiles.ENOENT && create)
            {
                next.Dispose();
                if (NativeFiles.MakeDirectoryAt(current, parts[i], DirectoryMode) != 0 && NativeFiles.LastError != NativeFiles.EEXIST)
                {
                    var mkdirError = NativeFiles.LastError;
                    current.Dispose();
                    throw Refused(relative, mkdirError);
                }

                next = NativeFiles.OpenAt(current, parts[i], NativeFiles.PathOnly | NativeFiles.Directory | NativeFiles.NoFollow);
            }

            if (next.IsInvalid)
            {
                var error = NativeFiles.LastError;
                next.Dispose();
                current.Dispose();
                return error == NativeFiles.ENOENT && !create ? null : throw Refused(relative, error);
            }

            current.Dispose();
            current = next;
        }

        return current;
    }

    private static UnsafePathException Refused(string relative, int errno) => errno switch
    {
        20 or 40 => new UnsafePathException($"'{relative}' is, or passes through, a symbolic link or a file; Sagebrush does not follow links."),
        _ => new UnsafePathException($"'{relative}' cannot be opened (errno {errno})."),
    };
}
