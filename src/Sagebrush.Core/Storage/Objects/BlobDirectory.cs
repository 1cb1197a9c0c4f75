using System.Security.Cryptography;

namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// The files under the store's root: <c>tmp/</c> for bodies being received, <c>blobs/xx/&lt;id&gt;</c> for object
/// bodies (immutable, never rewritten, so readers of a replaced object keep their bytes), and
/// <c>uploads/&lt;uploadId&gt;/&lt;id&gt;</c> for multipart parts. Which files matter is decided by the index only.
/// </summary>
internal sealed class BlobDirectory
{
    public BlobDirectory(string root)
    {
        Temp = Path.Combine(root, "tmp");
        Blobs = Path.Combine(root, "blobs");
        Uploads = Path.Combine(root, "uploads");
        Directory.CreateDirectory(Temp);
        Directory.CreateDirectory(Blobs);
        Directory.CreateDirectory(Uploads);
    }

    public string Temp { get; }

    public string Blobs { get; }

    public string Uploads { get; }

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
    public string ObjectPath(string blobId) => Path.Combine(Blobs, blobId[..2], blobId);

    public string PartPath(string uploadId, string blobId) => Path.Combine(Uploads, uploadId, blobId);

    /// <summary>Moves a synced staging file to a new blob name and syncs the directory entry; returns the blob id.</summary>
    public string PublishObject(string tempPath)
    {
        var id = NewId();
        var path = ObjectPath(id);
        PublishInto(tempPath, path, Blobs);
        return id;
    }

    public string PublishPart(string tempPath, string uploadId)
    {
        var id = NewId();
        PublishInto(tempPath, PartPath(uploadId, id), Uploads);
        return id;
    }

    public void DeleteObject(string blobId) => TryDelete(ObjectPath(blobId));

    public void DeletePart(string uploadId, string blobId) => TryDelete(PartPath(uploadId, blobId));

    public void DeleteUpload(string uploadId)
    {
        try
        {
            Directory.Delete(Path.Combine(Uploads, uploadId), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A part racing in: the next open removes what is left.
        }
    }

    /// <summary>
    /// Removes what a crash can leave: staging files, blobs renamed into place whose index row never committed,
    /// parts of uploads that no longer exist.
    /// </summary>
    public void RemoveOrphans(ReferencedBlobs referenced)
    {
        foreach (var file in Directory.EnumerateFiles(Temp))
        {
            TryDelete(file);
        }

        foreach (var file in Directory.EnumerateFiles(Blobs, "*", SearchOption.AllDirectories))
        {
            if (!referenced.Objects.Contains(Path.GetFileName(file)))
            {
                TryDelete(file);
            }
        }

        foreach (var uploadDirectory in Directory.EnumerateDirectories(Uploads))
        {
            var uploadId = Path.GetFileName(uploadDirectory);
            if (!referenced.UploadParts.TryGetValue(uploadId, out var parts))
            {
                DeleteUpload(uploadId);
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(uploadDirectory))
            {
                if (!parts.Contains(Path.GetFileName(file)))
                {
                    TryDelete(file);
                }
            }
        }
    }

    private static void PublishInto(string tempPath, string path, string root)
    {
        var directory = Path.GetDirectoryName(path)!;
        var created = !Directory.Exists(directory);
        if (created)
        {
            Directory.CreateDirectory(directory);
            DirectorySync.Flush(root);
        }

        File.Move(tempPath, path);
        DirectorySync.Flush(directory);
    }
}
