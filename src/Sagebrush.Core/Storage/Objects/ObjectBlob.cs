namespace Sagebrush.Core.Storage.Objects;

/// <summary>One blob file of an object's body and its length, so a range finds its blobs without opening any.</summary>
internal sealed record ObjectBlob(string BlobId, long Size);
