using System.Text;

namespace Sagebrush.Server.Protocol.Auth;

/// <summary>One query parameter, both decoded (to look up) and in SigV4's canonical encoding (to sign).</summary>
internal sealed record QueryParameter(string Name, string Value, string CanonicalName, string CanonicalValue)
{
    /// <summary>
    /// Splits a raw query string. <c>+</c> is read as a space, as ASP.NET's own query parsing reads it, so the
    /// request that is verified is the request the handlers see.
    /// </summary>
    public static IReadOnlyList<QueryParameter> ParseAll(string rawQuery)
    {
        var parameters = new List<QueryParameter>();
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = AwsUriEncoding.PercentDecode(equals < 0 ? pair : pair[..equals], plusAsSpace: true);
            var value = AwsUriEncoding.PercentDecode(equals < 0 ? "" : pair[(equals + 1)..], plusAsSpace: true);
            parameters.Add(new QueryParameter(
                Encoding.UTF8.GetString(name),
                Encoding.UTF8.GetString(value),
                AwsUriEncoding.Encode(name, keepSlash: false),
                AwsUriEncoding.Encode(value, keepSlash: false)));
        }

        return parameters;
    }
}
