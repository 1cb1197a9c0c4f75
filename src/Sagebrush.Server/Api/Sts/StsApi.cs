using System.Globalization;
using System.Xml.Linq;
using Sagebrush.Core.Identity;
using Sagebrush.Server.Edge;
using Sagebrush.Server.Protocol.Query;

namespace Sagebrush.Server.Api.Sts;

/// <summary>
/// STS (query protocol, signing name <c>sts</c>): GetCallerIdentity, AssumeRole, GetSessionToken.
/// Not supported yet: AssumeRoleWithWebIdentity, AssumeRoleWithSAML, GetFederationToken, DecodeAuthorizationMessage,
/// GetAccessKeyInfo (each answers InvalidAction).
/// </summary>
public sealed class StsApi(StsService sts) : IQueryService
{
    public string SigningName => "sts";

    public string XmlNamespace => "https://sts.amazonaws.com/doc/2011-06-15/";

    public string Version => "2011-06-15";

    public IReadOnlyDictionary<string, QueryOperation> Operations => new Dictionary<string, QueryOperation>(StringComparer.Ordinal)
    {
        ["GetCallerIdentity"] = GetCallerIdentity,
        ["AssumeRole"] = AssumeRoleAsync,
        ["GetSessionToken"] = GetSessionTokenAsync,
    };

    private Task<IEnumerable<XElement>> GetCallerIdentity(QueryRequest request, ServiceCall call)
    {
        var caller = sts.GetCallerIdentity(call.Auth.AccessKeyId);
        return Task.FromResult<IEnumerable<XElement>>([new("UserId", caller.UserId), new("Account", caller.Account), new("Arn", caller.Arn)]);
    }

    private async Task<IEnumerable<XElement>> AssumeRoleAsync(QueryRequest request, ServiceCall call)
    {
        var (credentials, roleId, arn) = await sts.AssumeRoleAsync(
            call.Auth.AccessKeyId, request.Require("RoleArn"), request.Require("RoleSessionName"), request.GetInt("DurationSeconds"), call.Aborted);
        return [Credentials(credentials), new("AssumedRoleUser", new XElement("AssumedRoleId", roleId), new XElement("Arn", arn))];
    }

    private async Task<IEnumerable<XElement>> GetSessionTokenAsync(QueryRequest request, ServiceCall call)
    {
        var credentials = await sts.GetSessionTokenAsync(call.Auth.AccessKeyId, request.GetInt("DurationSeconds"), call.Aborted);
        return [Credentials(credentials)];
    }

    private static XElement Credentials(SessionCredentials credentials) => new(
        "Credentials",
        new XElement("AccessKeyId", credentials.AccessKeyId),
        new XElement("SecretAccessKey", credentials.SecretAccessKey),
        new XElement("SessionToken", credentials.SessionToken),
        new XElement("Expiration", credentials.Expiration.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
}
