namespace Sagebrush.Algorithms.Data;

/// <summary>Content-Type and Accept headers reduced to what the algorithms dispatch on.</summary>
public static class MediaType
{
    public const string Csv = "text/csv";
    public const string Json = "application/json";
    public const string JsonLines = "application/jsonlines";
    public const string LibSvm = "text/libsvm";

    /// <summary>The media type without parameters, lower case: <c>text/csv; charset=utf-8</c> is <c>text/csv</c>.</summary>
    public static string? Essence(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var semicolon = header.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? header : header[..semicolon]).Trim().ToLowerInvariant();
    }

    /// <summary>A parameter's value (<c>label_size</c> in <c>text/csv;label_size=0</c>); null when absent.</summary>
    public static string? Parameter(string? header, string name)
    {
        foreach (var parameter in (header ?? "").Split(';', StringSplitOptions.TrimEntries).Skip(1))
        {
            var pair = parameter.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair[0].Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Length == 2 ? pair[1].Trim('"') : "";
            }
        }

        return null;
    }

    /// <summary>
    /// The response type for an Accept header: the first of its (comma-separated) types the algorithm writes;
    /// <paramref name="supported"/>[0] when Accept is absent or <c>*/*</c>. Throws 406 otherwise.
    /// </summary>
    public static string Negotiate(string? accept, params string[] supported)
    {
        ArgumentNullException.ThrowIfNull(supported);
        if (string.IsNullOrWhiteSpace(accept))
        {
            return supported[0];
        }

        foreach (var candidate in accept.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var essence = Essence(candidate);
            if (essence is "*/*" or "application/*")
            {
                return supported.FirstOrDefault(s => essence == "*/*" || s.StartsWith("application/", StringComparison.Ordinal)) ?? supported[0];
            }

            if (supported.FirstOrDefault(s => s == essence) is { } match)
            {
                return match;
            }
        }

        throw Contract.InvocationException.UnsupportedAccept(accept, supported);
    }
}
