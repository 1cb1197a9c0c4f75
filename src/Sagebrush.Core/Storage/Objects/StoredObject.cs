namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// An object's index row: what S3 reports about it, and the blob files holding its bytes in order (one for a PUT
/// or a copy, one per part for a completed multipart upload).
/// </summary>
internal sealed record StoredObject(ObjectInfo Info, IReadOnlyList<ObjectBlob> Blobs);
