namespace Sagebrush.Core.Storage.Objects;

/// <summary>An object's index row: what S3 reports about it, and which blob file holds its bytes.</summary>
internal sealed record StoredObject(ObjectInfo Info, string BlobId);
