namespace Sagebrush.Core.Logs;

/// <summary>One page of a listing; <see cref="NextToken"/> is null on the last page.</summary>
public sealed record LogPage<T>(IReadOnlyList<T> Items, string? NextToken);
