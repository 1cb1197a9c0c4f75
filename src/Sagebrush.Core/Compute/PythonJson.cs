using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sagebrush.Core.Compute;

/// <summary>
/// Formats values the way the sagemaker-training-toolkit's Python does, so SM_* variables and arguments match
/// byte for byte: <c>json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=True)</c>, <c>str(v)</c>
/// and <c>repr(v)</c> for values that came from <c>json.loads</c>.
/// </summary>
internal static class PythonJson
{
    /// <summary><c>json.loads</c>, falling back to the raw string when it is not JSON (as the toolkit does).</summary>
    public static JsonNode? LoadsOrRaw(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    public static string Dumps(JsonNode? node)
    {
        var builder = new StringBuilder();
        WriteJson(builder, node);
        return builder.ToString();
    }

    /// <summary><c>str(v)</c>: strings as they are, everything else as <c>repr</c>.</summary>
    public static string Str(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : Repr(node);

    public static string Repr(JsonNode? node)
    {
        var builder = new StringBuilder();
        WriteRepr(builder, node);
        return builder.ToString();
    }

    private static void WriteJson(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    builder.Append(first ? "" : ",");
                    first = false;
                    WriteJsonString(builder, key);
                    builder.Append(':');
                    WriteJson(builder, value);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ",");
                    WriteJson(builder, array[i]);
                }

                builder.Append(']');
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteJsonString(builder, value.GetValue<string>());
                        break;
                    case JsonValueKind.Number:
                        builder.Append(Number(value));
                        break;
                    case JsonValueKind.True:
                        builder.Append("true");
                        break;
                    case JsonValueKind.False:
                        builder.Append("false");
                        break;
                    default:
                        builder.Append("null");
                        break;
                }

                break;
        }
    }

    private static void WriteJsonString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    private static void WriteRepr(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("None");
                break;
            case JsonObject obj:
                // Python dicts keep insertion order, which json.loads takes from the document.
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    builder.Append(first ? "" : ", ");
                    first = false;
                    WriteReprString(builder, key);
                    builder.Append(": ");
                    WriteRepr(builder, value);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ", ");
                    WriteRepr(builder, array[i]);
                }

                builder.Append(']');
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteReprString(builder, value.GetValue<string>());
                        break;
                    case JsonValueKind.Number:
                        builder.Append(Number(value));
                        break;
                    case JsonValueKind.True:
                        builder.Append("True");
                        break;
                    case JsonValueKind.False:
                        builder.Append("False");
                        break;
                    default:
                        builder.Append("None");
                        break;
                }

                break;
        }
    }

    private static void WriteReprString(StringBuilder builder, string text)
    {
        var quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        builder.Append(quote);
        foreach (var c in text)
        {
            if (c == quote || c == '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c == '\n')
            {
                builder.Append("\\n");
            }
            else if (c == '\r')
            {
                builder.Append("\\r");
            }
            else if (c == '\t')
            {
                builder.Append("\\t");
            }
            else if (c < 0x20 || c == 0x7f)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                builder.Append(c);
            }
        }

        builder.Append(quote);
    }

    /// <summary>An int stays as written; a float is printed as Python's <c>repr(float)</c>.</summary>
    private static string Number(JsonValue value)
    {
        var raw = value.ToJsonString();
        if (raw.AsSpan().IndexOfAny(".eE") < 0)
        {
            return raw.StartsWith("-0", StringComparison.Ordinal) && raw.Trim('-', '0').Length == 0 ? "0" : raw;
        }

        return FloatRepr(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    internal static string FloatRepr(double number)
    {
        if (double.IsInfinity(number))
        {
            return number > 0 ? "Infinity" : "-Infinity";
        }

        if (number == 0)
        {
            return double.IsNegative(number) ? "-0.0" : "0.0";
        }

        // Shortest round-trip digits and their decimal point position, then Python's layout rules.
        var text = Math.Abs(number).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var point = (dot < 0 ? text.Length : dot) + exponent;
        var digits = text.Replace(".", "", StringComparison.Ordinal);
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        point -= leading;
        var sign = number < 0 ? "-" : "";
        var decimalExponent = point - 1;
        if (decimalExponent is >= -4 and < 16)
        {
            if (point <= 0)
            {
                return sign + "0." + new string('0', -point) + digits;
            }

            return point >= digits.Length
                ? sign + digits + new string('0', point - digits.Length) + ".0"
                : sign + digits[..point] + "." + digits[point..];
        }

        var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{mantissa}e{(decimalExponent < 0 ? '-' : '+')}{Math.Abs(decimalExponent):00}");
    }
}
