using System.Text.Unicode;

namespace Sagebrush.Core.Hosting.Capture;

/// <summary>
/// How a captured payload is written into its line: as text when its content type is one of the configuration's CSV
/// or JSON content types (compared by media type, so <c>text/csv; charset=utf-8</c> is <c>text/csv</c>), otherwise
/// base64, as SageMaker does when CaptureContentTypeHeader names no type. Text that is not valid UTF-8 falls back to
/// base64, so every line is valid JSON.
/// </summary>
public static class CaptureEncoding
{
    public const string Csv = "CSV";
    public const string Json = "JSON";
    public const string Base64 = "BASE64";

    public static string Choose(string? contentType, ReadOnlySpan<byte> data, DataCaptureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var mediaType = MediaTypeOf(contentType);
        var encoding = mediaType.Length == 0 ? Base64
            : Names(settings.CsvContentTypes, mediaType) ? Csv
            : Names(settings.JsonContentTypes, mediaType) ? Json
            : Base64;
        return encoding != Base64 && !Utf8.IsValid(data) ? Base64 : encoding;
    }

    private static bool Names(IReadOnlyList<string> contentTypes, string mediaType) =>
        contentTypes.Any(type => string.Equals(MediaTypeOf(type), mediaType, StringComparison.OrdinalIgnoreCase));

    private static string MediaTypeOf(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return "";
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
    }
}
