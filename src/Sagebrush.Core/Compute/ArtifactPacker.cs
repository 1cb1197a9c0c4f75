using System.Formats.Tar;
using System.IO.Compression;
using Sagebrush.Core.Compute.Files;

namespace Sagebrush.Core.Compute;

/// <summary>
/// Packs directories of hosts' workspaces into one <c>.tar.gz</c> with entries relative to each directory. Several
/// hosts' directories are merged into one archive, as SageMaker aggregates them; on a name clash the lower-numbered
/// host wins (SageMaker asks hosts not to clash and does not say which wins). The directories are the job's: they are
/// read through <see cref="ConfinedDirectory"/>, so a symbolic link is stored as a link (never followed), a link in
/// place of the directory itself packs nothing, and FIFOs, sockets and devices are left out.
/// </summary>
public static class ArtifactPacker
{
    /// <param name="directories">Each a workspace root and the directory inside it to pack (<c>model</c>, <c>output/data</c>).</param>
    public static async Task PackAsync(IReadOnlyList<(string Root, string Relative)> directories, string archivePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directories);
        await using var file = new FileStream(archivePath, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (root, relative) in directories)
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            using var confined = ConfinedDirectory.Open(root);
            if (confined.Stat(relative) is not { Kind: ConfinedEntryKind.Directory })
            {
                continue;
            }

            foreach (var entry in confined.Walk(relative))
            {
                var name = entry.RelativePath[(relative.Length + 1)..];
                await AddAsync(tar, confined, entry, name, written, cancellationToken);
            }
        }
    }

    private static async Task AddAsync(TarWriter tar, ConfinedDirectory confined, ConfinedEntry entry, string name, HashSet<string> written, CancellationToken cancellationToken)
    {
        switch (entry.Kind)
        {
            case ConfinedEntryKind.Directory when written.Add(name + "/"):
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, name + "/") { Mode = (UnixFileMode)entry.Mode }, cancellationToken);
                break;
            case ConfinedEntryKind.SymbolicLink when entry.LinkTarget is not null && written.Add(name):
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = entry.LinkTarget, Mode = (UnixFileMode)0x1FF }, cancellationToken);
                break;
            case ConfinedEntryKind.File when written.Add(name):
                await using (var data = confined.OpenRead(entry.RelativePath))
                {
                    if (data is not null)
                    {
                        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)entry.Mode, DataStream = data }, cancellationToken);
                    }
                }

                break;
            default:
                break; // sockets, FIFOs and devices have no place in an archive; a clash keeps the first host's
        }
    }
}
