using System.Text.Json;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Compute;

/// <summary>
/// Copies a channel's objects from the object store into each host's <c>input/data/&lt;channel&gt;/</c> (File mode).
/// S3Prefix: every object under the prefix, paths relative to it; ManifestFile: the JSON manifest
/// (<c>[{"prefix": "s3://b/p/"}, "rel/a", ...]</c>). ShardedByS3Key deals objects to hosts round-robin in key
/// order; FullyReplicated gives every host all of them. Bodies are streamed, each downloaded once.
/// Not supported yet: AugmentedManifestFile, Pipe and FastFile modes (staged as File), Gzip decompression.
/// </summary>
public sealed class ChannelStager(IObjectStore store)
{
    public Task StageAsync(TrainingChannel channel, IReadOnlyList<TrainingWorkspace> hosts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(hosts);
        return StageAsync(channel, [.. hosts.Select(h => h.Channel(channel.ChannelName))], cancellationToken);
    }

    /// <summary>Stages a channel into one directory per host (a processing input's LocalPath on each host).</summary>
    public async Task StageAsync(TrainingChannel channel, IReadOnlyList<string> hostDirectories, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(hostDirectories);
        var hosts = hostDirectories;
        var objects = await ResolveAsync(channel, cancellationToken);
        if (objects.Count == 0)
        {
            throw new ChannelStagingException($"No S3 objects found under S3 URL \"{channel.S3Uri}\" given in input data source. Please ensure that the bucket exists and that objects exist under that S3 prefix.");
        }

        var sharded = string.Equals(channel.S3DataDistributionType, "ShardedByS3Key", StringComparison.Ordinal);
        for (var i = 0; i < objects.Count; i++)
        {
            var targets = sharded ? [hosts[i % hosts.Count]] : hosts;
            var first = Path.Combine(targets[0], objects[i].RelativePath);
            await DownloadAsync(store, objects[i].Location, first, cancellationToken);
            foreach (var other in targets.Skip(1))
            {
                var copy = Path.Combine(other, objects[i].RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(first, copy, overwrite: true);
            }
        }
    }

    /// <summary>The channel's objects in key order, each with the path it gets inside the channel directory.</summary>
    public async Task<IReadOnlyList<StagedObject>> ResolveAsync(TrainingChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var location = S3Location.TryParse(channel.S3Uri, out var parsed) ? parsed : throw new ChannelStagingException($"\"{channel.S3Uri}\" is not an s3:// URI.");
        var objects = channel.S3DataType switch
        {
            "S3Prefix" => await ListPrefixAsync(location, cancellationToken),
            "ManifestFile" => await ReadManifestAsync(location, cancellationToken),
            _ => throw new ChannelStagingException($"S3DataType {channel.S3DataType} is not supported by Sagebrush yet."),
        };
        return [.. objects.OrderBy(o => o.Location.Key, StringComparer.Ordinal)];
    }

    public static async Task DownloadAsync(IObjectStore store, S3Location location, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var content = await store.GetObjectAsync(location.Bucket, location.Key, cancellationToken: cancellationToken);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await content.Body.CopyToAsync(file, cancellationToken);
    }

    internal static async IAsyncEnumerable<ObjectInfo> ListAsync(IObjectStore store, string bucket, string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var page = await store.ListObjectsAsync(bucket, new ListObjectsQuery(prefix, After: after), cancellationToken);
            foreach (var item in page.Objects)
            {
                yield return item;
            }

            if (!page.IsTruncated || page.NextAfter is null)
            {
                yield break;
            }

            after = page.NextAfter;
        }
    }

    private async Task<List<StagedObject>> ListPrefixAsync(S3Location prefix, CancellationToken cancellationToken)
    {
        var result = new List<StagedObject>();
        await foreach (var item in ListAsync(store, prefix.Bucket, prefix.Key, cancellationToken))
        {
            if (!item.Key.EndsWith('/'))
            {
                result.Add(new StagedObject(new S3Location(prefix.Bucket, item.Key), SafeRelativePath(RelativeTo(prefix.Key, item.Key))));
            }
        }

        return result;
    }

    /// <summary>
    /// The path of a key under an S3Uri prefix: the prefix taken as a folder when the key continues it with a
    /// slash (or the prefix ends with one), otherwise the rest after the prefix's last slash (an exact object key
    /// keeps its file name).
    /// </summary>
    internal static string RelativeTo(string prefix, string key)
    {
        if (prefix.Length == 0)
        {
            return key;
        }

        if (prefix.EndsWith('/'))
        {
            return key[prefix.Length..];
        }

        if (key.Length > prefix.Length && key[prefix.Length] == '/')
        {
            return key[(prefix.Length + 1)..];
        }

        return key[(prefix.LastIndexOf('/') + 1)..];
    }

    private async Task<List<StagedObject>> ReadManifestAsync(S3Location manifest, CancellationToken cancellationToken)
    {
        await using var content = await store.GetObjectAsync(manifest.Bucket, manifest.Key, cancellationToken: cancellationToken);
        using var document = await JsonDocument.ParseAsync(content.Body, cancellationToken: cancellationToken);
        var entries = document.RootElement;
        if (entries.ValueKind != JsonValueKind.Array || entries.GetArrayLength() == 0
            || entries[0].ValueKind != JsonValueKind.Object || !entries[0].TryGetProperty("prefix", out var prefixElement)
            || !S3Location.TryParse(prefixElement.GetString(), out var prefix))
        {
            throw new ChannelStagingException($"The manifest file {manifest} must be a JSON array whose first element is {{\"prefix\": \"s3://bucket/prefix/\"}}.");
        }

        var result = new List<StagedObject>();
        foreach (var entry in entries.EnumerateArray().Skip(1))
        {
            var relative = entry.ValueKind == JsonValueKind.String ? entry.GetString()! : throw new ChannelStagingException($"The manifest file {manifest} has an entry that is not a string.");
            result.Add(new StagedObject(new S3Location(prefix.Bucket, prefix.Key + relative), SafeRelativePath(relative)));
        }

        return result;
    }

    // Empty segments, a trailing slash's too, are dropped; a path with '.' or '..' has no place in the channel.
    private static string SafeRelativePath(string relative) =>
        Files.ObjectPaths.RelativePath(relative.TrimEnd('/'))
            ?? throw new ChannelStagingException($"The object path \"{relative}\" cannot be staged as a file.");
}

/// <summary>An object to stage and the path it gets inside the channel directory.</summary>
public sealed record StagedObject(S3Location Location, string RelativePath);

/// <summary>A channel could not be staged; the message is the job's FailureReason after "ClientError: ".</summary>
public sealed class ChannelStagingException(string message) : Exception(message);
