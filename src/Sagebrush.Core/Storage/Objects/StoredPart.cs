namespace Sagebrush.Core.Storage.Objects;

/// <summary>A part's index row; its blob lives under <c>blobs/</c> like an object's and becomes one when completed.</summary>
internal sealed record StoredPart(PartInfo Info, string BlobId);
