using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// SigV4's canonical request, built from what the client sent. Each piece matches botocore's signer
/// (<c>SigV4Auth.canonical_request</c> and its S3 override), since that is what the SDKs agree on.
/// </summary>
internal static class CanonicalRequest
{
    public static string Build(
        string method,
        string canonicalUri,
        string canonicalQuery,
        string canonicalHeaders,
        string signedHeaders,
        string payloadHash) =>
        $"{method}\n{canonicalUri}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";

    /// <summary>
    /// S3 signs its path as sent, without dot-segment or slash removal (keys may hold <c>//</c>, <c>.</c>,
    /// <c>..</c>); each segment is decoded and re-encoded so that SDKs that escape more or fewer characters agree.
    /// Every other service removes dot segments and empty segments, then URI-encodes the already-encoded path a
    /// second time (botocore: <c>quote(normalize_url_path(path), safe='/~')</c>), so <c>%</c> becomes <c>%25</c>.
    /// </summary>
    public static string CanonicalUri(string rawPath, bool isS3)
    {
        if (rawPath.Length == 0)
        {
            return "/";
        }

        var builder = new StringBuilder(rawPath.Length + 16);
        if (isS3)
        {
            var segments = rawPath.Split('/');
            for (var i = 0; i < segments.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append('/');
                }

                AwsUriEncoding.AppendEncoded(builder, AwsUriEncoding.PercentDecode(segments[i], plusAsSpace: false), keepSlash: false);
            }

            return builder.ToString();
        }

        AwsUriEncoding.AppendEncoded(builder, Encoding.UTF8.GetBytes(RemoveDotSegments(rawPath)), keepSlash: true);
        return builder.ToString();
    }

    /// <summary>RFC 3986 dot-segment removal plus collapsing of repeated slashes, as botocore's <c>remove_dot_segments</c>.</summary>
    public static string RemoveDotSegments(string path)
    {
        var output = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }
            }
            else
            {
                output.Add(segment);
            }
        }

        var first = path.StartsWith('/') ? "/" : "";
        var last = path.EndsWith('/') && output.Count > 0 ? "/" : "";
        return first + string.Join('/', output) + last;
    }

    /// <summary>Parameters sorted by encoded name, then encoded value; a presigned URL's own signature is left out.</summary>
    public static string CanonicalQuery(IEnumerable<QueryParameter> parameters, bool omitSignature)
    {
        var pairs = parameters
            .Where(p => !(omitSignature && p.Name == SigV4Names.SignatureQuery))
            .Select(p => (Name: p.CanonicalName, Value: p.CanonicalValue))
            .Order(OrdinalPairComparer.Instance);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>
    /// <c>name:value\n</c> per signed header, in the order the client listed them. Values are trimmed with inner
    /// whitespace runs collapsed; repeated headers are joined with commas.
    /// </summary>
    public static string CanonicalHeaders(IHeaderDictionary headers, IReadOnlyList<string> signedHeaders)
    {
        var builder = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':');
            StringValues values = headers[name];
            for (var i = 0; i < values.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                AppendTrimmed(builder, values[i] ?? "");
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }

    private static void AppendTrimmed(StringBuilder builder, string value)
    {
        var pendingSpace = false;
        var any = false;
        foreach (var c in value)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                pendingSpace = any;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
            any = true;
        }
    }

    private sealed class OrdinalPairComparer : IComparer<(string Name, string Value)>
    {
        public static readonly OrdinalPairComparer Instance = new();

        public int Compare((string Name, string Value) x, (string Name, string Value) y)
        {
            var byName = string.CompareOrdinal(x.Name, y.Name);
            return byName != 0 ? byName : string.CompareOrdinal(x.Value, y.Value);
        }
    }
}
