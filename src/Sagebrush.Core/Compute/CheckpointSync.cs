using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Compute;

/// <summary>
/// Keeps a CheckpointConfig's S3 location and the hosts' checkpoint directories in step: restores what is there
/// when a job starts, then uploads files that are new or changed (by size and modification time). Every host
/// syncs to the same prefix, as on SageMaker; hosts that write the same name overwrite each other.
/// Deleting a local checkpoint does not delete it from S3 (SageMaker does not either).
/// </summary>
public sealed class CheckpointSync(IObjectStore store, string s3Uri) : IDisposable
{
    private readonly S3Location _location = S3Location.Parse(s3Uri);
    private readonly Dictionary<string, (long Size, DateTime Modified)> _synced = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    public async Task<int> RestoreAsync(IReadOnlyList<string> directories, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var restored = 0;
        await foreach (var item in ChannelStager.ListAsync(store, _location.Bucket, _location.FolderPrefix, cancellationToken))
        {
            var relative = item.Key[_location.FolderPrefix.Length..];
            if (relative.Length == 0 || relative.EndsWith('/') || relative.Split('/').Any(s => s is "." or ".." or ""))
            {
                continue;
            }

            foreach (var directory in directories)
            {
                var path = Path.Combine(directory, relative);
                await ChannelStager.DownloadAsync(store, new S3Location(_location.Bucket, item.Key), path, cancellationToken);
                var info = new FileInfo(path);
                _synced[directory + "\0" + relative] = (info.Length, info.LastWriteTimeUtc);
            }

            restored++;
        }

        return restored;
    }

    /// <summary>Uploads what changed since the last call; returns how many files went up.</summary>
    public async Task<int> UploadChangesAsync(IReadOnlyList<string> directories, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directories);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var uploaded = 0;
            foreach (var directory in directories.Where(Directory.Exists))
            {
                foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => f.FullName, StringComparer.Ordinal))
                {
                    var relative = Path.GetRelativePath(directory, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
                    var state = (file.Length, file.LastWriteTimeUtc);
                    if (_synced.TryGetValue(directory + "\0" + relative, out var previous) && previous == state)
                    {
                        continue;
                    }

                    await using (var body = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true))
                    {
                        await store.PutObjectAsync(_location.Bucket, _location.FolderPrefix + relative, body, ObjectWrite.Plain(), cancellationToken);
                    }

                    _synced[directory + "\0" + relative] = state;
                    uploaded++;
                }
            }

            return uploaded;
        }
        finally
        {
            _gate.Release();
        }
    }
}
