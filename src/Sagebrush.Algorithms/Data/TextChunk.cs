namespace Sagebrush.Algorithms.Data;

/// <summary>
/// A run of whole lines of one file (<see cref="Length"/> bytes at <see cref="Offset"/>), found by a counting pass:
/// the line number of its first line, the row its first row fills, and where its first entry goes (sparse data).
/// </summary>
internal readonly record struct TextChunk(int File, long Offset, int Length, long FirstLine, long FirstRow, long FirstEntry);
