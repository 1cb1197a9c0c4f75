using System.Text;

namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// SigV4's URI encoding: the unreserved characters <c>A-Z a-z 0-9 - _ . ~</c> stay as they are, every other byte of
/// the UTF-8 form becomes <c>%XX</c> with upper-case hex. Not <see cref="Uri.EscapeDataString(string)"/>, whose rules
/// differ in corners that change signatures.
/// </summary>
internal static class AwsUriEncoding
{
    private const string HexDigits = "0123456789ABCDEF";

    public static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';

    public static void AppendEncoded(StringBuilder builder, ReadOnlySpan<byte> bytes, bool keepSlash)
    {
        foreach (var b in bytes)
        {
            if (IsUnreserved(b) || (keepSlash && b == (byte)'/'))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }
        }
    }

    public static string Encode(ReadOnlySpan<byte> bytes, bool keepSlash)
    {
        var builder = new StringBuilder(bytes.Length + 8);
        AppendEncoded(builder, bytes, keepSlash);
        return builder.ToString();
    }

    /// <summary>
    /// Decodes <c>%XX</c> escapes into bytes. A <c>%</c> not followed by two hex digits stays literal, as a lenient
    /// server must; <paramref name="plusAsSpace"/> is for query strings, which ASP.NET also reads that way.
    /// </summary>
    public static byte[] PercentDecode(string value, bool plusAsSpace)
    {
        var source = Encoding.UTF8.GetBytes(value);
        var decoded = new byte[source.Length];
        var length = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var b = source[i];
            if (b == (byte)'%' && i + 2 < source.Length && TryHex(source[i + 1], out var high) && TryHex(source[i + 2], out var low))
            {
                decoded[length++] = (byte)((high << 4) | low);
                i += 2;
            }
            else
            {
                decoded[length++] = plusAsSpace && b == (byte)'+' ? (byte)' ' : b;
            }
        }

        return decoded.AsSpan(0, length).ToArray();
    }

    private static bool TryHex(byte b, out int value)
    {
        value = b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
