using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// What a request claims about its signature, from either the Authorization header or a presigned URL's query:
/// credential scope, signed header names, the signature itself and the signing time.
/// </summary>
internal sealed record SignatureClaim(
    CredentialScope Credential,
    IReadOnlyList<string> SignedHeaders,
    string Signature,
    string AmzDate,
    DateTimeOffset SigningTime,
    int? ExpiresSeconds)
{
    private const int MaxExpiresSeconds = 604800;

    public bool IsPresigned => ExpiresSeconds is not null;

    public string SignedHeaderList => string.Join(';', SignedHeaders);

    public static SignatureClaim Parse(HttpRequest request, IReadOnlyList<QueryParameter> query)
    {
        var authorization = request.Headers.Authorization.ToString();
        var algorithm = query.FirstOrDefault(p => p.Name == SigV4Names.AlgorithmQuery);
        if (IsSignatureVersion2(authorization, query))
        {
            throw new AuthenticationException(AuthFailure.UnsupportedSignatureVersion, AuthMessages.SignatureVersion2);
        }

        if (authorization.Length == 0 && algorithm is null)
        {
            throw new AuthenticationException(AuthFailure.MissingAuthentication, AuthMessages.MissingAuthentication);
        }

        if (authorization.Length > 0 && algorithm is not null)
        {
            throw Incomplete(AuthMessages.TwoMechanisms);
        }

        return authorization.Length > 0 ? FromHeader(request, authorization) : FromQuery(query, algorithm!.Value);
    }

    /// <summary>Older clients (boto3 before 1.36 presigning for us-east-1) still produce SigV2; say so plainly.</summary>
    private static bool IsSignatureVersion2(string authorization, IReadOnlyList<QueryParameter> query) =>
        authorization.StartsWith("AWS ", StringComparison.Ordinal)
        || (query.Any(p => p.Name == "AWSAccessKeyId") && query.Any(p => p.Name == "Signature"));

    /// <summary>The credential's service, or null when the request carries no parsable SigV4 credential.</summary>
    public static string? SigningNameOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        var credential = authorization.Length > 0
            ? SplitHeaderParameters(authorization)?.GetValueOrDefault("Credential")
            : QueryParameter.ParseAll(RequestTarget.Of(request).Query).FirstOrDefault(p => p.Name == SigV4Names.CredentialQuery)?.Value;
        return CredentialScope.TryParse(credential)?.Service;
    }

    private static SignatureClaim FromHeader(HttpRequest request, string authorization)
    {
        var parameters = SplitHeaderParameters(authorization) ?? throw Incomplete(AuthMessages.UnsupportedAlgorithm);
        string[] required = ["Credential", "SignedHeaders", "Signature"];
        var missing = required.Where(name => string.IsNullOrEmpty(parameters.GetValueOrDefault(name))).ToList();
        if (missing.Count > 0)
        {
            throw Incomplete(AuthMessages.MissingParameters("Authorization header", missing));
        }

        var credential = CredentialScope.TryParse(parameters["Credential"]) ?? throw Incomplete(AuthMessages.BadCredential);
        var (amzDate, time) = SigningTimeFromHeaders(request);
        return Create(credential, parameters["SignedHeaders"], parameters["Signature"], amzDate, time, expires: null);
    }

    private static SignatureClaim FromQuery(IReadOnlyList<QueryParameter> query, string algorithm)
    {
        if (algorithm != SigV4Names.Algorithm)
        {
            throw Incomplete(AuthMessages.UnsupportedAlgorithm);
        }

        string[] required =
        [
            SigV4Names.CredentialQuery, SigV4Names.DateQuery, SigV4Names.ExpiresQuery,
            SigV4Names.SignedHeadersQuery, SigV4Names.SignatureQuery,
        ];
        var values = required.ToDictionary(name => name, name => query.FirstOrDefault(p => p.Name == name)?.Value ?? "");
        var missing = required.Where(name => values[name].Length == 0).ToList();
        if (missing.Count > 0)
        {
            throw Incomplete(AuthMessages.MissingParameters("Query-string authentication", missing));
        }

        var credential = CredentialScope.TryParse(values[SigV4Names.CredentialQuery]) ?? throw Incomplete(AuthMessages.BadCredential);
        var amzDate = values[SigV4Names.DateQuery];
        var time = ParseAmzDate(amzDate);
        if (!int.TryParse(values[SigV4Names.ExpiresQuery], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires is < 1 or > MaxExpiresSeconds)
        {
            throw Incomplete(AuthMessages.ExpiresOutOfRange);
        }

        return Create(credential, values[SigV4Names.SignedHeadersQuery], values[SigV4Names.SignatureQuery], amzDate, time, expires);
    }

    private static SignatureClaim Create(
        CredentialScope credential, string signedHeaders, string signature, string amzDate, DateTimeOffset time, int? expires)
    {
        if (credential.Date != amzDate[..8])
        {
            throw Incomplete(AuthMessages.CredentialDateMismatch);
        }

        var names = signedHeaders.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name.ToLowerInvariant())
            .ToList();
        return new SignatureClaim(credential, names, signature.Trim(), amzDate, time, expires);
    }

    /// <summary>
    /// <c>X-Amz-Date</c> wins over <c>Date</c>. With only <c>Date</c> (RFC 1123), the string to sign still carries
    /// the ISO 8601 basic form, as botocore signs it.
    /// </summary>
    private static (string AmzDate, DateTimeOffset Time) SigningTimeFromHeaders(HttpRequest request)
    {
        var amzDate = request.Headers[SigV4Names.DateHeader].ToString();
        if (amzDate.Length > 0)
        {
            return (amzDate, ParseAmzDate(amzDate));
        }

        var date = request.Headers[HeaderNames.Date].ToString();
        if (date.Length == 0)
        {
            throw Incomplete(AuthMessages.MissingDate);
        }

        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            throw Incomplete(string.Format(CultureInfo.InvariantCulture, AuthMessages.BadDate, date));
        }

        return (AuthMessages.Format(time), time);
    }

    private static DateTimeOffset ParseAmzDate(string value)
    {
        if (!DateTimeOffset.TryParseExact(
                value, SigV4Names.AmzDateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw Incomplete(string.Format(CultureInfo.InvariantCulture, AuthMessages.BadDate, value));
        }

        return time;
    }

    /// <summary>
    /// Splits <c>AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...</c>; null for any other scheme.
    /// </summary>
    private static Dictionary<string, string>? SplitHeaderParameters(string authorization)
    {
        var trimmed = authorization.Trim();
        if (!trimmed.StartsWith(SigV4Names.Algorithm + " ", StringComparison.Ordinal))
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in trimmed[SigV4Names.Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                parameters[part[..equals].Trim()] = part[(equals + 1)..].Trim();
            }
        }

        return parameters;
    }

    private static AuthenticationException Incomplete(string message) => new(AuthFailure.IncompleteSignature, message);
}
