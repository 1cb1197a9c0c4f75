namespace Sagebrush.Core.Storage.Objects;

/// <summary>A part's index row; the blob lives under <c>uploads/&lt;uploadId&gt;/</c>.</summary>
internal sealed record StoredPart(PartInfo Info, string BlobId);
