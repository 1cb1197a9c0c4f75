namespace Sagebrush.Algorithms.Data;

/// <summary>
/// libsvm's counting pass: rows are the lines with something before any <c>#</c> comment; entries are counted as the
/// colons there, less a labelled row's <c>label:weight</c> colon, which is exact for <c>label[:weight] index:value ...</c>
/// rows and an upper bound when there are <c>qid:</c> tokens. Whether the first row has a weight decides whether
/// every row must.
/// </summary>
internal sealed class LibSvmChunkIndex(bool labelled) : TextChunkIndex
{
    public bool Labelled => labelled;

    /// <summary>The first row's label has a weight (<c>label:weight</c>); null before any row.</summary>
    public bool? FirstRowWeighted { get; private set; }

    /// <summary>A row's content: the line before any comment, without surrounding spaces, tabs and CR.</summary>
    public static ReadOnlySpan<byte> Content(ReadOnlySpan<byte> line)
    {
        var comment = line.IndexOf((byte)'#');
        return (comment < 0 ? line : line[..comment]).Trim(" \t\r"u8);
    }

    /// <summary>The first space- or tab-separated token of a row's content.</summary>
    public static ReadOnlySpan<byte> FirstToken(ReadOnlySpan<byte> content)
    {
        var separator = content.IndexOfAny((byte)' ', (byte)'\t');
        return separator < 0 ? content : content[..separator];
    }

    protected override (long Lines, long Rows, long Entries) CountLines(ReadOnlySpan<byte> text)
    {
        long lines = 0;
        long rows = 0;
        long entries = 0;
        while (!text.IsEmpty)
        {
            var end = text.IndexOf((byte)'\n');
            var content = Content(end < 0 ? text : text[..end]);
            lines++;
            if (!content.IsEmpty)
            {
                rows++;
                entries += content.Count((byte)':');
                if (labelled)
                {
                    var weighted = FirstToken(content).Contains((byte)':');
                    entries -= weighted ? 1 : 0;
                    FirstRowWeighted ??= weighted;
                }
            }

            text = end < 0 ? [] : text[(end + 1)..];
        }

        return (lines, rows, entries);
    }
}
