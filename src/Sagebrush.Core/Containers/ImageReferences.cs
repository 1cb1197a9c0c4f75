using System.Text.RegularExpressions;

namespace Sagebrush.Core.Containers;

/// <summary>Docker image references: their shape (as the distribution project defines it) and their parts.</summary>
public static partial class ImageReferences
{
    /// <summary>Whether <paramref name="image"/> is a reference the Docker engine can name: [registry[:port]/]path[:tag][@digest].</summary>
    public static bool IsValid(string? image) => image is { Length: > 0 and <= 255 } && Reference().IsMatch(image);

    /// <summary>The repository (with its registry) and the tag (<c>latest</c> when none is given); a digest stays in the repository part.</summary>
    public static (string Repository, string Tag) Split(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Contains('@', StringComparison.Ordinal))
        {
            return (reference, "");
        }

        var slash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        return colon > slash ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
    }

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(?:@sha256:[a-f0-9]{64})?\z")]
    private static partial Regex Reference();
}
