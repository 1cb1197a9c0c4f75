namespace Sagebrush.Algorithms.Data;

/// <summary>
/// The counting pass over CSV files: splits each file into <see cref="CsvChunk"/>s of whole lines (about
/// <c>chunkSize</c> bytes each; longer when a single line is), and counts the rows (non-blank lines) before each, so
/// the parsing pass can fill one right-sized array from every chunk at once. It reads one buffer at a time and keeps
/// nothing of the text. The first row's field count gives the width every row must have.
/// </summary>
internal sealed class CsvChunkIndex
{
    private readonly List<CsvChunk> _chunks = [];

    public IReadOnlyList<CsvChunk> Chunks => _chunks;

    public long Rows { get; private set; }

    /// <summary>The first row's number of comma-separated fields; -1 before any row.</summary>
    public int FirstRowFields { get; private set; } = -1;

    /// <summary>The longest chunk, which sizes the parsing pass's buffers.</summary>
    public int LongestChunk { get; private set; }

    public static CsvChunkIndex Build(IReadOnlyList<string> files, int chunkSize)
    {
        var index = new CsvChunkIndex();
        var buffer = new byte[chunkSize];
        for (var file = 0; file < files.Count; file++)
        {
            using var stream = new FileStream(files[file], FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            index.AddFile(stream, file, ref buffer);
        }

        return index;
    }

    /// <summary>Counts the lines and rows of a complete text (a request body) as one chunk.</summary>
    public static CsvChunkIndex ForText(ReadOnlySpan<byte> text)
    {
        var index = new CsvChunkIndex();
        index.Add(text, file: 0, offset: 0, firstLine: 1);
        return index;
    }

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
        _chunks.Add(new CsvChunk(file, offset, text.Length, firstLine, Rows));
        LongestChunk = Math.Max(LongestChunk, text.Length);
        long lines = 0;
        while (!text.IsEmpty)
        {
            var end = text.IndexOf((byte)'\n');
            var line = end < 0 ? text : text[..end];
            lines++;
            if (!CsvRowWriter.IsBlank(line))
            {
                Rows++;
                if (FirstRowFields < 0)
                {
                    FirstRowFields = System.MemoryExtensions.Count(line, (byte)',') + 1;
                }
            }

            text = end < 0 ? [] : text[(end + 1)..];
        }

        return lines;
    }
}
