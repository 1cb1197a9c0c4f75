using System.Security.Cryptography;

namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// The files under the store's root: <c>tmp/</c> for bodies being received and <c>blobs/xx/&lt;id&gt;</c> for every
/// stored body, whether an object's (one blob for a PUT, one per part for a completed multipart upload) or a part
/// of an upload still in progress. Blobs are immutable and never rewritten, so readers of a replaced object keep
/// their bytes, and completing an upload only moves the parts' references in the index. Which files matter is
/// decided by the index only.
/// </summary>
internal sealed class BlobDirectory
{
    public BlobDirectory(string root)
    {
        Temp = Path.Combine(root, "tmp");
        Blobs = Path.Combine(root, "blobs");
        LegacyUploads = Path.Combine(root, "uploads");
        Directory.CreateDirectory(Temp);
        Directory.CreateDirectory(Blobs);
    }

    public string Temp { get; }

    public string Blobs { get; }

    /// <summary>Where index schema 1 kept parts, as <c>uploads/&lt;uploadId&gt;/&lt;id&gt;</c>; see <see cref="AdoptLegacyParts"/>.</summary>
    public string LegacyUploads { get; }

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left behind, it is an orphan: the next open removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public string NewTempPath() => Path.Combine(Temp, NewId());

    // Two hex characters of fan-out keep directories small enough for fast lookups with millions of objects.
    public string BlobPath(string blobId) => Path.Combine(Blobs, blobId[..2], blobId);

    /// <summary>Moves a synced staging file to a new blob name and syncs the directory entry; returns the blob id.</summary>
    public string Publish(string tempPath)
    {
        var id = NewId();
        MoveInto(tempPath, id);
        return id;
    }

    public void Delete(string blobId) => TryDelete(BlobPath(blobId));

    public void Delete(IEnumerable<string> blobIds)
    {
        foreach (var blobId in blobIds)
        {
            Delete(blobId);
        }
    }

    /// <summary>
    /// Moves the parts an index of schema 1 references from <c>uploads/&lt;uploadId&gt;/</c> to <c>blobs/</c>, under
    /// the same id, so the part rows need no change; then drops <c>uploads/</c>. A crash midway leaves each part in
    /// one of the two places (a rename is atomic), and the next open finishes the move.
    /// </summary>
    public void AdoptLegacyParts(ISet<string> referenced)
    {
        if (!Directory.Exists(LegacyUploads))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(LegacyUploads, "*", SearchOption.AllDirectories))
        {
            if (referenced.Contains(Path.GetFileName(file)))
            {
                MoveInto(file, Path.GetFileName(file));
            }
        }

        Directory.Delete(LegacyUploads, recursive: true);
    }

    /// <summary>
    /// Removes what a crash can leave: staging files, and blobs renamed into place whose index row never committed
    /// or whose row was deleted just before (a replaced object, a completed upload's unchosen parts).
    /// </summary>
    public void RemoveOrphans(ISet<string> referenced)
    {
        foreach (var file in Directory.EnumerateFiles(Temp))
        {
            TryDelete(file);
        }

        foreach (var file in Directory.EnumerateFiles(Blobs, "*", SearchOption.AllDirectories))
        {
            if (!referenced.Contains(Path.GetFileName(file)))
            {
                TryDelete(file);
            }
        }
    }

    private void MoveInto(string source, string blobId)
    {
        var path = BlobPath(blobId);
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            DirectorySync.Flush(Blobs);
        }

        File.Move(source, path);
        DirectorySync.Flush(directory);
    }
}
