using System.Text;

namespace Sagebrush.Server.Api.S3;

/// <summary>
/// The encoding S3 applies to keys in listings with <c>encoding-type=url</c>: form encoding (space as <c>+</c>) that
/// leaves <c>/</c> and <c>*</c> alone, so that clients' unquote_plus gives the key back.
/// </summary>
public static class S3UrlEncoding
{
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || "-_./*".Contains((char)rune.Value, StringComparison.Ordinal)))
            {
                builder.Append((char)rune.Value);
            }
            else if (rune.Value == ' ')
            {
                builder.Append('+');
            }
            else
            {
                var length = rune.EncodeToUtf8(utf8);
                foreach (var b in utf8[..length])
                {
                    builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return builder.ToString();
    }
}
