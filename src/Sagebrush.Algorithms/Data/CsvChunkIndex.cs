namespace Sagebrush.Algorithms.Data;

/// <summary>CSV's counting pass: rows are the non-blank lines; the first row's field count is the width of every row.</summary>
internal sealed class CsvChunkIndex : TextChunkIndex
{
    /// <summary>The first row's number of comma-separated fields; -1 before any row.</summary>
    public int FirstRowFields { get; private set; } = -1;

    protected override (long Lines, long Rows, long Entries) CountLines(ReadOnlySpan<byte> text)
    {
        long lines = 0;
        long rows = 0;
        while (!text.IsEmpty)
        {
            var end = text.IndexOf((byte)'\n');
            var line = end < 0 ? text : text[..end];
            lines++;
            if (!CsvRowWriter.IsBlank(line))
            {
                rows++;
                if (FirstRowFields < 0)
                {
                    FirstRowFields = line.Count((byte)',') + 1;
                }
            }

            text = end < 0 ? [] : text[(end + 1)..];
        }

        return (lines, rows, 0);
    }
}
