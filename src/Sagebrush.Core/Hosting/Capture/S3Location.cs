using System.Diagnostics.CodeAnalysis;

namespace Sagebrush.Core.Hosting.Capture;

/// <summary>An <c>s3://bucket/prefix</c> URI taken apart; the prefix has no leading or trailing slash.</summary>
public sealed record S3Location(string Bucket, string Prefix)
{
    private const string Scheme = "s3://";

    public static bool TryParse(string uri, [NotNullWhen(true)] out S3Location? location)
    {
        location = null;
        if (uri is null || !uri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = uri[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length == 0)
        {
            return false;
        }

        location = new S3Location(bucket, slash < 0 ? "" : rest[(slash + 1)..].Trim('/'));
        return true;
    }

    public static S3Location Parse(string uri) =>
        TryParse(uri, out var location) ? location : throw new FormatException($"'{uri}' is not an s3://bucket/prefix URI.");

    /// <summary>The key under the prefix: <c>prefix/relative</c>, or just <c>relative</c> when there is no prefix.</summary>
    public string KeyFor(string relative) => Prefix.Length == 0 ? relative : $"{Prefix}/{relative}";
}
