using System.Formats.Tar;
using System.IO.Compression;

namespace Sagebrush.Core.Compute;

/// <summary>
/// Packs directories into one <c>.tar.gz</c> with entries relative to each directory. Several hosts' directories
/// are merged into one archive, as SageMaker aggregates them; on a name clash the lower-numbered host wins
/// (SageMaker asks hosts not to clash and does not say which wins). Symbolic links are stored as links.
/// </summary>
public static class ArtifactPacker
{
    public static async Task PackAsync(IReadOnlyList<string> directories, string archivePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directories);
        await using var file = new FileStream(archivePath, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in directories.Where(Directory.Exists))
        {
            await AddAsync(tar, new DirectoryInfo(directory), "", written, cancellationToken);
        }
    }

    private static async Task AddAsync(TarWriter tar, DirectoryInfo directory, string prefix, HashSet<string> written, CancellationToken cancellationToken)
    {
        foreach (var item in directory.EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var name = prefix + item.Name;
            var isDirectory = item is DirectoryInfo && item.LinkTarget is null;
            if (isDirectory)
            {
                if (written.Add(name + "/"))
                {
                    await tar.WriteEntryAsync(item.FullName, name + "/", cancellationToken);
                }

                await AddAsync(tar, (DirectoryInfo)item, name + "/", written, cancellationToken);
            }
            else if ((item.LinkTarget is not null || item is FileInfo) && IsRegularOrLink(item) && written.Add(name))
            {
                await tar.WriteEntryAsync(item.FullName, name, cancellationToken);
            }
        }
    }

    // Sockets and FIFOs a program left in model/ have no place in an archive.
    private static bool IsRegularOrLink(FileSystemInfo item) =>
        item.LinkTarget is not null || (item.Attributes & (FileAttributes.Device | FileAttributes.System)) == 0;
}
