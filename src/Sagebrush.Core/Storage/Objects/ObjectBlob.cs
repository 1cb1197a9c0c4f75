namespace Sagebrush.Core.Storage.Objects;

/// <summary>One blob file of an object's body and its length, so a range finds its blobs without opening any.</summary>
internal sealed record ObjectBlob(string BlobId, long Size)
{
    /// <summary>The part's checksum in the upload's algorithm, for a blob that was a part uploaded with one.</summary>
    public string? Checksum { get; init; }
}
