namespace Sagebrush.Core.Storage.Objects;

/// <summary>One page of a prefix/delimiter listing: rows and rolled-up common prefixes, in key order.</summary>
internal sealed record ListingPage<T>(IReadOnlyList<T> Items, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? LastEntry, bool LastEntryIsPrefix);
