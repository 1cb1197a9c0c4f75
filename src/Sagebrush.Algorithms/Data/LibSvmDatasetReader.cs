using System.Globalization;
using System.Text;

namespace Sagebrush.Algorithms.Data;

/// <summary>
/// Reads libsvm text (<c>label[:weight] index:value index:value ...</c>, one row per line, indices zero-based as
/// XGBoost reads them) straight from UTF-8 bytes into a <see cref="SparseDataset"/>, one buffer at a time, so a large
/// file is never held as text. Spaces or tabs separate tokens; <c>qid:</c> tokens and <c>#</c> comments are skipped.
/// Files are read in the order given and concatenated.
/// </summary>
public static class LibSvmDatasetReader
{
    private const int BufferSize = 1 << 20;

    public static SparseDataset Read(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var sink = new RowSink(labelled: true);
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            ReadStream(stream, sink, file);
        }

        return sink.ToDataset();
    }

    /// <summary>Parses a request body: a token without a colon (a label, if the client sent one) is ignored.</summary>
    public static SparseDataset Parse(ReadOnlySpan<byte> utf8)
    {
        var sink = new RowSink(labelled: false);
        var lineNumber = 0L;
        while (!utf8.IsEmpty)
        {
            var end = utf8.IndexOf((byte)'\n');
            lineNumber++;
            sink.AddLine(end < 0 ? utf8 : utf8[..end], "request body", lineNumber);
            utf8 = end < 0 ? [] : utf8[(end + 1)..];
        }

        return sink.ToDataset();
    }

    private static void ReadStream(Stream stream, RowSink sink, string source)
    {
        var buffer = new byte[BufferSize];
        var filled = 0;
        var lineNumber = 0L;
        while (true)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var span = buffer.AsSpan(0, filled);
            var consumed = 0;
            int end;
            while ((end = span[consumed..].IndexOf((byte)'\n')) >= 0)
            {
                lineNumber++;
                sink.AddLine(span.Slice(consumed, end), source, lineNumber);
                consumed += end + 1;
            }

            if (read == 0)
            {
                if (consumed < filled)
                {
                    sink.AddLine(span[consumed..filled], source, lineNumber + 1);
                }

                return;
            }

            span[consumed..filled].CopyTo(buffer);
            filled -= consumed;
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // a line longer than the buffer
            }
        }
    }

    private sealed class RowSink(bool labelled)
    {
        private readonly List<long> _rowStarts = [0];
        private readonly List<uint> _indices = [];
        private readonly List<float> _values = [];
        private readonly List<float> _labels = [];
        private readonly List<float> _weights = [];
        private long _maxIndex = -1;

        public void AddLine(ReadOnlySpan<byte> line, string source, long lineNumber)
        {
            var comment = line.IndexOf((byte)'#');
            if (comment >= 0)
            {
                line = line[..comment];
            }

            line = line.Trim(" \t\r"u8);
            if (line.IsEmpty)
            {
                return;
            }

            var first = true;
            while (!line.IsEmpty)
            {
                var separator = line.IndexOfAny((byte)' ', (byte)'\t');
                var token = separator < 0 ? line : line[..separator];
                line = separator < 0 ? [] : line[(separator + 1)..].TrimStart(" \t"u8);
                if (first && labelled)
                {
                    AddLabel(token, source, lineNumber);
                }
                else if (token.StartsWith("qid:"u8))
                {
                    // Ranking groups: not used by the objectives Sagebrush reads libsvm for.
                }
                else if (token.IndexOf((byte)':') is var colon and >= 0)
                {
                    var index = ParseIndex(token[..colon], source, lineNumber);
                    _indices.Add(index);
                    _values.Add(ParseNumber(token[(colon + 1)..], source, lineNumber));
                    _maxIndex = Math.Max(_maxIndex, index);
                }
                else if (labelled)
                {
                    throw new InvalidDataException($"{source}, line {lineNumber}: '{Encoding.UTF8.GetString(token)}' is not an index:value pair (libsvm rows are 'label index:value ...').");
                }

                first = false;
            }

            _rowStarts.Add(_indices.Count);
        }

        public SparseDataset ToDataset() => new(
            [.. _rowStarts],
            [.. _indices],
            [.. _values],
            labelled ? [.. _labels] : null,
            checked((int)(_maxIndex + 1)),
            _weights.Count > 0 ? [.. _weights] : null);

        private void AddLabel(ReadOnlySpan<byte> token, string source, long lineNumber)
        {
            // label:weight is libsvm's per-row weight, as XGBoost reads it.
            var colon = token.IndexOf((byte)':');
            _labels.Add(ParseNumber(colon < 0 ? token : token[..colon], source, lineNumber));
            if (colon >= 0)
            {
                if (_weights.Count != _labels.Count - 1)
                {
                    throw new InvalidDataException($"{source}, line {lineNumber}: a weight (label:weight) where earlier rows have none.");
                }

                _weights.Add(ParseNumber(token[(colon + 1)..], source, lineNumber));
            }
            else if (_weights.Count > 0)
            {
                throw new InvalidDataException($"{source}, line {lineNumber}: no weight where earlier rows have one (label:weight).");
            }
        }

        private static uint ParseIndex(ReadOnlySpan<byte> text, string source, long lineNumber) =>
            uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < int.MaxValue
                ? index
                : throw new InvalidDataException($"{source}, line {lineNumber}: '{Encoding.UTF8.GetString(text)}' is not a feature index.");

        private static float ParseNumber(ReadOnlySpan<byte> text, string source, long lineNumber) =>
            float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidDataException($"{source}, line {lineNumber}: '{Encoding.UTF8.GetString(text)}' is not a number.");
    }
}
