using Sagebrush.Core.Compute.Files;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Compute;

/// <summary>
/// Keeps a CheckpointConfig's S3 location and the hosts' checkpoint directories in step: restores what is there
/// when a job starts, then uploads files that are new or changed (by size). Every host syncs to the same prefix, as on
/// SageMaker; hosts that write the same name overwrite each other. Deleting a local checkpoint does not delete it
/// from S3 (SageMaker does not either). The directories are the running job's, so they are read through
/// <see cref="ConfinedDirectory"/>: a link (to /proc/self/environ, say) is skipped, never uploaded.
/// </summary>
public sealed class CheckpointSync(IObjectStore store, string s3Uri) : IDisposable
{
    private readonly S3Location _location = S3Location.Parse(s3Uri);
    private readonly Dictionary<string, long> _synced = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    /// <param name="directories">Each a workspace root and the checkpoint directory inside it.</param>
    public async Task<int> RestoreAsync(IReadOnlyList<(string Root, string Relative)> directories, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var restored = 0;
        await foreach (var item in ChannelStager.ListAsync(store, _location.Bucket, _location.FolderPrefix, cancellationToken))
        {
            if (ObjectPaths.RelativePath(item.Key[_location.FolderPrefix.Length..]) is not { } relative)
            {
                continue;
            }

            foreach (var (root, directory) in directories)
            {
                using var confined = ConfinedDirectory.Open(root);
                await using var content = await store.GetObjectAsync(_location.Bucket, item.Key, cancellationToken: cancellationToken);
                await using (var file = confined.CreateFile(directory + "/" + relative))
                {
                    await content.Body.CopyToAsync(file, cancellationToken);
                }

                _synced[root + "\0" + relative] = content.Info.Size;
            }

            restored++;
        }

        return restored;
    }

    /// <summary>Uploads what changed since the last call; returns how many files went up.</summary>
    public async Task<int> UploadChangesAsync(IReadOnlyList<(string Root, string Relative)> directories, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directories);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var uploaded = 0;
            foreach (var (root, directory) in directories.Where(d => Directory.Exists(d.Root)))
            {
                using var confined = ConfinedDirectory.Open(root);
                if (confined.Stat(directory) is not { Kind: ConfinedEntryKind.Directory })
                {
                    continue;
                }

                foreach (var entry in confined.Walk(directory).Where(e => e.Kind == ConfinedEntryKind.File))
                {
                    var relative = entry.RelativePath[(directory.Length + 1)..];
                    if (_synced.TryGetValue(root + "\0" + relative, out var previous) && previous == entry.Size)
                    {
                        continue;
                    }

                    await using (var body = confined.OpenRead(entry.RelativePath))
                    {
                        if (body is null)
                        {
                            continue;
                        }

                        await store.PutObjectAsync(_location.Bucket, _location.FolderPrefix + relative, body, ObjectWrite.Plain(), cancellationToken);
                    }

                    _synced[root + "\0" + relative] = entry.Size;
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
