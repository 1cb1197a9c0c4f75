namespace Sagebrush.Core.Storage.Objects;

/// <summary>Every blob the index points at: object blob ids, and part blob ids by upload id (every live upload listed).</summary>
internal sealed record ReferencedBlobs(HashSet<string> Objects, Dictionary<string, HashSet<string>> UploadParts);
