using System.Formats.Tar;
using System.IO.Compression;

namespace Sagebrush.Core.Compute.Files;

/// <summary>
/// Unpacks a tar or tar.gz a user uploaded (model.tar.gz, sourcedir.tar.gz) the way GNU tar does for archives that
/// are what they claim to be: a leading <c>/</c> or <c>./</c> is stripped, a root entry (<c>/</c>, <c>./</c>) is
/// skipped, a later file replaces an earlier one, devices and FIFOs are skipped, set-id bits are dropped. What GNU tar
/// would let escape is refused: a name with <c>..</c>, a link to an absolute path, a link that (followed through the
/// archive's other links, as the kernel would) leads out of the directory. Like GNU tar's delayed links, links are
/// made only after every file is written, and every write goes through <see cref="ConfinedDirectory"/>, so nothing
/// is written through a link. The bytes written are bounded (the volume size), and so is the number of entries.
/// </summary>
public static class SafeTarExtractor
{
    public const int MaxEntries = 1_000_000;
    private const int MaxLinkHops = 40;

    /// <summary>
    /// Unpacks a gzip-compressed tar, as the SageMaker toolkits open model.tar.gz and sourcedir.tar.gz (a plain tar
    /// fails there too, and here with the same kind of message).
    /// </summary>
    public static async Task<ExtractionSummary> ExtractAsync(Stream archive, string directory, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        await using var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
        using var root = ConfinedDirectory.Open(directory, create: true);
        try
        {
            return await ExtractTarAsync(gzip, root, maxBytes, cancellationToken);
        }
        catch (UnsafePathException unsafePath)
        {
            throw new UnsafeArchiveException(unsafePath.Message);
        }
    }

    private static async Task<ExtractionSummary> ExtractTarAsync(Stream tar, ConfinedDirectory root, long maxBytes, CancellationToken cancellationToken)
    {
        await using var reader = new TarReader(tar, leaveOpen: true);
        var links = new List<(string Path, string Target)>();
        long written = 0;
        var entries = 0;
        var files = 0;
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (++entries > MaxEntries)
            {
                throw new UnsafeArchiveException($"The archive has more than {MaxEntries:N0} entries.");
            }

            if (Normalize(entry.Name) is not { } path)
            {
                continue; // the root entry ("/", "./", ".")
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    root.CreateDirectory(path);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    written += entry.Length;
                    CheckBudget(written, maxBytes);
                    await WriteAsync(root, path, entry.DataStream, (int)entry.Mode, cancellationToken);
                    files++;
                    break;
                case TarEntryType.SymbolicLink:
                    links.Add((path, CheckLinkTarget(path, entry.LinkName)));
                    break;
                case TarEntryType.HardLink:
                    var source = Normalize(entry.LinkName) ?? throw new UnsafeArchiveException($"The hard link '{entry.Name}' points at the archive's root.");
                    written += await CopyHardLinkAsync(root, source, path, (int)entry.Mode, maxBytes - written, cancellationToken);
                    files++;
                    break;
                default:
                    break; // devices, FIFOs, sparse and other special entries: not for a model or code directory
            }
        }

        foreach (var (path, target) in links)
        {
            root.CreateSymlink(path, target);
        }

        foreach (var (path, _) in links)
        {
            CheckResolvesInside(root, path);
        }

        return new ExtractionSummary(files, links.Count, written);
    }

    /// <summary>The entry's path relative to the directory as GNU tar takes it, or null for the root entry.</summary>
    internal static string? Normalize(string name)
    {
        var trimmed = name.TrimStart('/');
        var parts = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        if (parts.Contains(".."))
        {
            throw new UnsafeArchiveException($"The archive member '{name}' contains '..'.");
        }

        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    /// <summary>A symbolic link's target must be relative and, read as text from the link's directory, stay inside.</summary>
    private static string CheckLinkTarget(string path, string target)
    {
        if (target.Length == 0 || target.StartsWith('/'))
        {
            throw new UnsafeArchiveException($"The link '{path}' points at the absolute path '{target}'.");
        }

        var depth = path.Count(c => c == '/');
        foreach (var part in target.Split('/'))
        {
            depth += part switch { ".." => -1, "" or "." => 0, _ => 1 };
            if (depth < 0)
            {
                throw new UnsafeArchiveException($"The link '{path}' points outside the archive ('{target}').");
            }
        }

        return target;
    }

    /// <summary>Follows the link as the kernel would, through the links already made, and refuses it if that leaves the directory.</summary>
    private static void CheckResolvesInside(ConfinedDirectory root, string path)
    {
        var pending = new Stack<string>(path.Split('/').Reverse());
        var resolved = new List<string>();
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count == 0)
                {
                    throw new UnsafeArchiveException($"The link '{path}' leads outside the archive through other links.");
                }

                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            resolved.Add(part);
            if (StatOrNull(root, string.Join('/', resolved)) is { Kind: ConfinedEntryKind.SymbolicLink, LinkTarget: { } target })
            {
                if (++hops > MaxLinkHops || target.StartsWith('/'))
                {
                    throw new UnsafeArchiveException($"The link '{path}' does not resolve inside the archive.");
                }

                resolved.RemoveAt(resolved.Count - 1);
                foreach (var next in target.Split('/').Reverse())
                {
                    pending.Push(next);
                }
            }
        }
    }

    // A path through a regular file does not resolve (ENOTDIR), so it cannot lead anywhere either.
    private static ConfinedEntry? StatOrNull(ConfinedDirectory root, string path)
    {
        try
        {
            return root.Stat(path);
        }
        catch (UnsafePathException)
        {
            return null;
        }
    }

    private static async Task WriteAsync(ConfinedDirectory root, string path, Stream? data, int mode, CancellationToken cancellationToken)
    {
        await using var file = root.CreateFile(path, (mode & 0b111_101_101) | 0b110_000_000);
        if (data is not null)
        {
            await data.CopyToAsync(file, cancellationToken);
        }
    }

    private static async Task<long> CopyHardLinkAsync(ConfinedDirectory root, string source, string path, int mode, long budget, CancellationToken cancellationToken)
    {
        await using var from = root.OpenRead(source) ?? throw new UnsafeArchiveException($"The hard link '{path}' points at '{source}', which is not a file earlier in the archive.");
        CheckBudget(from.Length, budget);
        await WriteAsync(root, path, from, mode, cancellationToken);
        return from.Length;
    }

    private static void CheckBudget(long written, long maxBytes)
    {
        if (written > maxBytes)
        {
            throw new UnsafeArchiveException($"The archive expands to more than {maxBytes:N0} bytes, the instance's volume size.");
        }
    }
}

/// <summary>What an extraction made.</summary>
public sealed record ExtractionSummary(int Files, int Links, long Bytes);

/// <summary>An archive that would write outside its directory, or past its size bound; the message says which entry.</summary>
public sealed class UnsafeArchiveException(string message) : IOException(message);
