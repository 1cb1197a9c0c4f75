using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sagebrush.Algorithms.Data;

/// <summary>
/// Parses libsvm lines (<c>label[:weight] index:value ...</c>, spaces or tabs between tokens, <c>qid:</c> tokens and
/// <c>#</c> comments skipped) straight into a dataset's final CSR arrays: a chunk's entries from the position the
/// counting pass gave it, its rows' starts, labels and weights at their rows. Chunks can be written from several
/// threads at once. Unlabelled (a request body), a token without a colon (a label the client sent) is ignored.
/// Every problem is an <see cref="InvalidDataException"/> naming the file and line.
/// </summary>
internal sealed class LibSvmRowWriter(bool labelled, bool weighted, long[] rowStarts, uint[] indices, float[] values, float[]? labels, float[]? weights)
{
    /// <summary>Writes the rows of <paramref name="text"/>; returns how many entries it wrote and the largest index (-1: none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: a dataset is parsed once per process
    public (long Entries, long MaxIndex) WriteLines(ReadOnlySpan<byte> text, string source, long firstLine, long firstRow, long firstEntry)
    {
        var lineNumber = firstLine;
        var row = firstRow;
        var entry = firstEntry;
        long maxIndex = -1;
        for (; !text.IsEmpty; lineNumber++)
        {
            var end = text.IndexOf((byte)'\n');
            var content = LibSvmChunkIndex.Content(end < 0 ? text : text[..end]);
            text = end < 0 ? [] : text[(end + 1)..];
            if (content.IsEmpty)
            {
                continue;
            }

            rowStarts[row] = entry;
            if (labelled)
            {
                var label = LibSvmChunkIndex.FirstToken(content);
                WriteLabel(label, row, source, lineNumber);
                content = content[label.Length..].TrimStart(" \t"u8);
            }

            while (!content.IsEmpty)
            {
                if (TryParseEntry(content, out var fastIndex, out var fastValue, out var length))
                {
                    indices[entry] = fastIndex;
                    values[entry] = fastValue;
                    entry++;
                    maxIndex = Math.Max(maxIndex, fastIndex);
                    content = content[length..].TrimStart(" \t"u8);
                    continue;
                }

                var token = LibSvmChunkIndex.FirstToken(content);
                content = content[token.Length..].TrimStart(" \t"u8);
                var colon = token.IndexOf((byte)':');
                if (colon >= 0 && !token.StartsWith("qid:"u8))
                {
                    var index = ParseIndex(token[..colon], source, lineNumber);
                    indices[entry] = index;
                    values[entry] = ParseNumber(token[(colon + 1)..], source, lineNumber);
                    entry++;
                    maxIndex = Math.Max(maxIndex, index);
                }
                else if (colon < 0 && labelled)
                {
                    throw new InvalidDataException($"{source}, line {lineNumber}: '{Encoding.UTF8.GetString(token)}' is not an index:value pair (libsvm rows are 'label index:value ...').");
                }
            }

            row++;
        }

        return (entry - firstEntry, maxIndex);
    }

    // label:weight is libsvm's per-row weight, as XGBoost reads it; the first row decides whether every row has one.
    private void WriteLabel(ReadOnlySpan<byte> token, long row, string source, long lineNumber)
    {
        var colon = token.IndexOf((byte)':');
        labels![row] = ParseNumber(colon < 0 ? token : token[..colon], source, lineNumber);
        if (colon >= 0 != weighted)
        {
            throw new InvalidDataException(weighted
                ? $"{source}, line {lineNumber}: no weight where earlier rows have one (label:weight)."
                : $"{source}, line {lineNumber}: a weight (label:weight) where earlier rows have none.");
        }

        if (weighted)
        {
            weights![row] = ParseNumber(token[(colon + 1)..], source, lineNumber);
        }
    }

    // The usual token, "index:value" with a plain number, read in one go; anything else takes the general path.
    private static bool TryParseEntry(ReadOnlySpan<byte> content, out uint index, out float value, out int length)
    {
        index = 0;
        value = 0;
        length = 0;
        var i = 0;
        for (; i < content.Length && (uint)(content[i] - '0') <= 9; i++)
        {
            if (i == 9)
            {
                return false; // past int.MaxValue's reach: let the general path decide
            }

            index = (index * 10) + (uint)(content[i] - '0');
        }

        if (i == 0 || i == content.Length || content[i] != (byte)':'
            || !Utf8Float.TryParseSimple(content[(i + 1)..], out value, out var numberLength))
        {
            return false;
        }

        length = i + 1 + numberLength;
        return length == content.Length || content[length] == (byte)' ' || content[length] == (byte)'\t';
    }

    private static uint ParseIndex(ReadOnlySpan<byte> text, string source, long lineNumber) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < int.MaxValue
            ? index
            : throw new InvalidDataException($"{source}, line {lineNumber}: '{Encoding.UTF8.GetString(text)}' is not a feature index.");

    private static float ParseNumber(ReadOnlySpan<byte> text, string source, long lineNumber) =>
        (Utf8Float.TryParseSimple(text, out var value, out var length) && length == text.Length)
        || float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            ? value
            : throw new InvalidDataException($"{source}, line {lineNumber}: '{Encoding.UTF8.GetString(text)}' is not a number.");
}
