namespace Sagebrush.Algorithms.Data;

/// <summary>
/// A run of whole lines of one file (<see cref="Length"/> bytes at <see cref="Offset"/>), found by the counting
/// pass: the line number of its first line, and the row its first non-blank line fills.
/// </summary>
internal readonly record struct CsvChunk(int File, long Offset, int Length, long FirstLine, long FirstRow);
