namespace Sagebrush.Core.Storage.Objects;

/// <summary>A multipart upload's index row: the headers, metadata and tags the completed object will carry.</summary>
internal sealed record StoredUpload(MultipartUpload Upload, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Metadata)
{
    public IReadOnlyList<ObjectTag> Tags { get; init; } = [];
}
