namespace Sagebrush.Core.Compute.Files;

/// <summary>
/// Where an object key lands below a directory. S3 keys are any text: <c>mp//srv/x.txt</c> under the prefix
/// <c>mp</c> leaves <c>/srv/x.txt</c>, which Path.Combine would take as an absolute path. Empty segments are dropped
/// (as the AWS CLI's sync does), and a key with <c>.</c> or <c>..</c> segments has no path at all.
/// </summary>
public static class ObjectPaths
{
    /// <summary>The relative path (segments joined with '/') for the rest of a key after its prefix, or null when there is none.</summary>
    public static string? RelativePath(string rest)
    {
        ArgumentNullException.ThrowIfNull(rest);
        if (rest.EndsWith('/'))
        {
            return null; // a "folder" marker object
        }

        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 0 || segments.Any(s => s is "." or "..") ? null : string.Join('/', segments);
    }
}
