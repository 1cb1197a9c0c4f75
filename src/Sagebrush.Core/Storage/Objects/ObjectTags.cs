using Sagebrush.Core.Common;

namespace Sagebrush.Core.Storage.Objects;

/// <summary>One object tag.</summary>
public sealed record ObjectTag(string Key, string Value);

/// <summary>S3's rules for an object's tag set, with its InvalidTag messages.</summary>
public static class ObjectTags
{
    public const int MaxTags = 10;
    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 256;

    /// <summary>Throws S3's InvalidTag for a set S3 would refuse; returns it otherwise.</summary>
    public static IReadOnlyList<ObjectTag> Validate(IReadOnlyList<ObjectTag> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.Count > MaxTags)
        {
            throw InvalidTag("Object tags cannot be greater than 10");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            if (tag.Key.Length is 0 or > MaxKeyLength)
            {
                throw InvalidTag("The TagKey you have provided is invalid");
            }

            if (tag.Value.Length > MaxValueLength)
            {
                throw InvalidTag("The TagValue you have provided is invalid");
            }

            if (!seen.Add(tag.Key))
            {
                throw InvalidTag("Cannot provide multiple Tags with the same key");
            }
        }

        return tags;
    }

    /// <summary><c>x-amz-tagging</c>: a URL-encoded query string, <c>k1=v1&amp;k2=v2</c>.</summary>
    public static IReadOnlyList<ObjectTag> ParseHeader(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var tags = new List<ObjectTag>();
        foreach (var pair in header.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            tags.Add(new ObjectTag(Uri.UnescapeDataString(key.Replace('+', ' ')), Uri.UnescapeDataString(value.Replace('+', ' '))));
        }

        return Validate(tags);
    }

    private static AwsException InvalidTag(string message) => new("InvalidTag", message, 400);
}
