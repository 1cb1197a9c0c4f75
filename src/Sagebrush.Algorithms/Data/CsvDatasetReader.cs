using System.Globalization;

namespace Sagebrush.Algorithms.Data;

/// <summary>
/// Reads headerless numeric CSV (SageMaker's text/csv for training: label first when <see cref="CsvLayout.LabelFirst"/>)
/// straight from UTF-8 bytes into floats, one buffer at a time, so a 1 GB file is never held as text.
/// An empty field is a missing value (NaN). Every row must have the same number of columns.
/// </summary>
public static class CsvDatasetReader
{
    private const int BufferSize = 1 << 20;

    public static DenseDataset Read(IEnumerable<string> files, CsvLayout layout)
    {
        ArgumentNullException.ThrowIfNull(files);
        var sink = new RowSink(layout);
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            ReadStream(stream, sink, file);
        }

        return sink.ToDataset();
    }

    /// <summary>Parses a request body (inference: no label unless the layout says so).</summary>
    public static DenseDataset Parse(ReadOnlySpan<byte> utf8, CsvLayout layout)
    {
        var sink = new RowSink(layout);
        var lineNumber = 0L;
        while (!utf8.IsEmpty)
        {
            var end = utf8.IndexOf((byte)'\n');
            var line = end < 0 ? utf8 : utf8[..end];
            lineNumber++;
            sink.AddLine(line, "request body", lineNumber);
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
            while (true)
            {
                var end = span[consumed..].IndexOf((byte)'\n');
                if (end < 0)
                {
                    break;
                }

                lineNumber++;
                sink.AddLine(span.Slice(consumed, end), source, lineNumber);
                consumed += end + 1;
            }

            if (read == 0)
            {
                if (consumed < filled)
                {
                    lineNumber++;
                    sink.AddLine(span[consumed..filled], source, lineNumber);
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

    private sealed class RowSink(CsvLayout layout)
    {
        private readonly FloatBuffer _features = new();
        private readonly FloatBuffer _labels = new();
        private readonly FloatBuffer _weights = new();
        private readonly List<float> _row = [];
        private int _columns = -1;
        private int _rows;

        public void AddLine(ReadOnlySpan<byte> line, string source, long lineNumber)
        {
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                return;
            }

            _row.Clear();
            while (true)
            {
                var comma = line.IndexOf((byte)',');
                var field = comma < 0 ? line : line[..comma];
                _row.Add(ParseField(field, source, lineNumber));
                if (comma < 0)
                {
                    break;
                }

                line = line[(comma + 1)..];
            }

            var leading = (layout.LabelFirst ? 1 : 0) + (layout.WeightSecond ? 1 : 0);
            var columns = _row.Count - leading;
            if (columns < 1)
            {
                throw new InvalidDataException($"{source}, line {lineNumber}: expected a label{(layout.WeightSecond ? ", a weight" : "")} and at least one feature, found {_row.Count} column(s).");
            }

            if (_columns < 0)
            {
                _columns = columns;
            }
            else if (columns != _columns)
            {
                throw new InvalidDataException($"{source}, line {lineNumber}: {columns} feature column(s) where earlier rows have {_columns}.");
            }

            if (layout.LabelFirst)
            {
                _labels.Add(_row[0]);
            }

            if (layout.WeightSecond)
            {
                _weights.Add(_row[1]);
            }

            for (var i = leading; i < _row.Count; i++)
            {
                _features.Add(_row[i]);
            }

            _rows++;
        }

        public DenseDataset ToDataset() => new(
            _features.ToArray(),
            layout.LabelFirst ? _labels.ToArray() : null,
            _rows,
            Math.Max(_columns, 0),
            layout.WeightSecond ? _weights.ToArray() : null);

        private static float ParseField(ReadOnlySpan<byte> field, string source, long lineNumber)
        {
            field = field.Trim((byte)' ');
            if (field.IsEmpty)
            {
                return float.NaN;
            }

            if (field.Length >= 2 && field[0] == (byte)'"' && field[^1] == (byte)'"')
            {
                field = field[1..^1];
            }

            if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidDataException($"{source}, line {lineNumber}: '{System.Text.Encoding.UTF8.GetString(field)}' is not a number (CSV input must be numeric, without a header).");
            }

            return value;
        }
    }
}

/// <summary>How a CSV row is laid out: the label first (training data), then optionally a weight (csv_weights=1).</summary>
public readonly record struct CsvLayout(bool LabelFirst, bool WeightSecond = false)
{
    public static CsvLayout Training => new(LabelFirst: true);

    public static CsvLayout Inference => new(LabelFirst: false);
}
