namespace Sagebrush.Core.Compute.Files;

public enum ConfinedEntryKind
{
    File,
    Directory,
    SymbolicLink,
    Other,
}

/// <summary>One thing in a <see cref="ConfinedDirectory"/>: its path relative to it, kind, size, permission bits, and a link's target.</summary>
public sealed record ConfinedEntry(string RelativePath, ConfinedEntryKind Kind, long Size, int Mode, string? LinkTarget);
