using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sagebrush.Algorithms.Data;

/// <summary>
/// Parses lines of CSV straight into a dataset's final arrays: row r's features at <c>r * columns</c>, its label and
/// weight at r. Chunks of lines can be written from several threads at once, each to its own rows. An empty field is
/// a missing value (NaN); a field may be quoted or padded with spaces. Every problem is an
/// <see cref="InvalidDataException"/> naming the file and line.
/// </summary>
internal sealed class CsvRowWriter(CsvLayout layout, int columns, float[] features, float[]? labels, float[]? weights)
{
    private readonly int _leading = layout.Leading;

    public static bool IsBlank(ReadOnlySpan<byte> line) => line.IsEmpty || (line.Length == 1 && line[0] == (byte)'\r');

    /// <summary>Writes the rows of <paramref name="text"/> (whole lines) from row <paramref name="firstRow"/> on.</summary>
    public void WriteLines(ReadOnlySpan<byte> text, string source, long firstLine, long firstRow)
    {
        var lineNumber = firstLine;
        var row = firstRow;
        while (!text.IsEmpty)
        {
            var end = text.IndexOf((byte)'\n');
            var line = end < 0 ? text : text[..end];
            if (!IsBlank(line))
            {
                WriteRow(line[^1] == (byte)'\r' ? line[..^1] : line, (int)row, source, lineNumber);
                row++;
            }

            lineNumber++;
            text = end < 0 ? [] : text[(end + 1)..];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: a dataset is parsed once per process
    private void WriteRow(ReadOnlySpan<byte> line, int row, string source, long lineNumber)
    {
        var rowFeatures = features.AsSpan(row * columns, columns);
        var fields = 0;
        var position = 0;
        while (true)
        {
            var rest = line[position..];
            int length;
            if (!Utf8Float.TryParseSimple(rest, out var value, out length) || (length < rest.Length && rest[length] != (byte)','))
            {
                length = rest.IndexOf((byte)',');
                length = length < 0 ? rest.Length : length;
                value = ParseField(rest[..length], source, lineNumber);
            }

            // Fields past the width are still parsed, so a bad number is reported before the width is.
            var feature = fields - _leading;
            if (feature >= 0)
            {
                if (feature < columns)
                {
                    rowFeatures[feature] = value;
                }
            }
            else if (fields == 0 && layout.LabelFirst)
            {
                labels![row] = value;
            }
            else
            {
                weights![row] = value;
            }

            fields++;
            position += length;
            if (position == line.Length)
            {
                break;
            }

            position++; // the comma
        }

        if (fields - _leading < 1)
        {
            throw new InvalidDataException($"{source}, line {lineNumber}: expected a label{(layout.WeightSecond ? ", a weight" : "")} and at least one feature, found {fields} column(s).");
        }

        if (fields - _leading != columns)
        {
            throw new InvalidDataException($"{source}, line {lineNumber}: {fields - _leading} feature column(s) where earlier rows have {columns}.");
        }
    }

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

        return float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{source}, line {lineNumber}: '{Encoding.UTF8.GetString(field)}' is not a number (CSV input must be numeric, without a header).");
    }
}
