using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Notebooks;

/// <summary>
/// Which Git URLs a notebook may clone. SageMaker takes <c>https://</c> only; Sagebrush also takes <c>http://</c> to a
/// loopback host, where a self-hosted Git server usually listens without TLS. Never <c>file://</c>, <c>ssh://</c> or
/// git's <c>ext::</c> transports: a URL is the user's input and git runs it (the clone also runs with
/// <c>GIT_ALLOW_PROTOCOL</c> set to these two).
/// </summary>
public static class GitUrls
{
    public const string AllowedProtocols = "https:http";

    public static bool IsUrl(string value) =>
        value.StartsWith("https://", StringComparison.Ordinal) || value.StartsWith("http://", StringComparison.Ordinal);

    public static void Check(ConstraintErrors errors, string? url, string path)
    {
        if (url is null)
        {
            return;
        }

        errors.Length(url, path, 1, 1024);
        if (!Allowed(url))
        {
            errors.Pattern(url, path, "^https://([^/]+)/?(.*)$");
        }
    }

    public static bool Allowed(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || url.Any(char.IsWhiteSpace) || uri.UserInfo.Length > 0)
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
    }

    /// <summary>The directory a clone goes into, as git names it: the last path segment without <c>.git</c>.</summary>
    public static string DirectoryOf(string url)
    {
        var path = new Uri(url).AbsolutePath.TrimEnd('/');
        var last = path[(path.LastIndexOf('/') + 1)..];
        if (last.EndsWith(".git", StringComparison.Ordinal))
        {
            last = last[..^4];
        }

        return last.Length == 0 || last is "." or ".." ? "repository" : last;
    }
}
