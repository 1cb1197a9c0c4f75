namespace Sagebrush.Algorithms.Data;

/// <summary>
/// The counting pass of a two-pass reader: splits each file into <see cref="TextChunk"/>s of whole lines (about
/// <c>chunkSize</c> bytes each; longer when a single line is) and counts, through <see cref="CountLines"/>, the rows
/// (and for sparse data the entries) before each, so the parsing pass can fill right-sized arrays from every chunk at
/// once (<see cref="ParallelChunkReader"/>). It reads one buffer at a time and keeps nothing of the text.
/// </summary>
internal abstract class TextChunkIndex
{
    private readonly List<TextChunk> _chunks = [];

    public IReadOnlyList<TextChunk> Chunks => _chunks;

    public long Rows { get; private set; }

    /// <summary>The entries the format's counter found (an upper bound where it cannot tell exactly).</summary>
    public long Entries { get; private set; }

    /// <summary>The longest chunk, which sizes the parsing pass's buffers.</summary>
    public int LongestChunk { get; private set; }

    /// <summary>Counts the files, in order, cutting them into chunks.</summary>
    public void AddFiles(IReadOnlyList<string> files, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(files);
        var buffer = new byte[chunkSize];
        for (var file = 0; file < files.Count; file++)
        {
            using var stream = new FileStream(files[file], FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            AddFile(stream, file, ref buffer);
        }
    }

    /// <summary>Counts a complete text (a request body) as one chunk.</summary>
    public void AddText(ReadOnlySpan<byte> text) => Add(text, file: 0, offset: 0, firstLine: 1);

    /// <summary>Counts the lines of whole-line <paramref name="text"/>, and its rows and entries.</summary>
    protected abstract (long Lines, long Rows, long Entries) CountLines(ReadOnlySpan<byte> text);

    private void AddFile(Stream stream, int file, ref byte[] buffer)
    {
        long offset = 0; // of buffer[0] in the file
        long nextLine = 1;
        var filled = 0;
        while (true)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var text = buffer.AsSpan(0, filled);
            var end = read == 0 ? filled : text.LastIndexOf((byte)'\n') + 1;
            if (end > 0)
            {
                nextLine += Add(text[..end], file, offset, nextLine);
                text[end..].CopyTo(buffer);
                filled -= end;
                offset += end;
            }
            else if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // one line longer than the buffer
            }

            if (read == 0)
            {
                return;
            }
        }
    }

    // Adds one chunk of whole lines; returns how many lines it has.
    private long Add(ReadOnlySpan<byte> text, int file, long offset, long firstLine)
    {
        _chunks.Add(new TextChunk(file, offset, text.Length, firstLine, Rows, Entries));
        LongestChunk = Math.Max(LongestChunk, text.Length);
        var (lines, rows, entries) = CountLines(text);
        Rows += rows;
        Entries += entries;
        return lines;
    }
}
