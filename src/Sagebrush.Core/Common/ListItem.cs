namespace Sagebrush.Core.Common;

/// <summary>What a list operation filters and sorts an item by.</summary>
public sealed record ListItem(string Name, DateTimeOffset CreationTime, DateTimeOffset LastModifiedTime, string? Status = null);
