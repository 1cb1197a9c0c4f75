namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// An object's index row: what S3 reports about it, and the blob files holding its bytes in order (one for a PUT
/// or a copy, one per part for a completed multipart upload).
/// </summary>
internal sealed record StoredObject(ObjectInfo Info, IReadOnlyList<ObjectBlob> Blobs)
{
    /// <summary>The tag set written with the object (empty: none).</summary>
    public IReadOnlyList<ObjectTag> Tags { get; init; } = [];
}
