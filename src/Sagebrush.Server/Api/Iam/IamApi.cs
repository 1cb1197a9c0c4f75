using System.Globalization;
using System.Xml.Linq;
using Sagebrush.Core.Iam;
using Sagebrush.Server.Edge;
using Sagebrush.Server.Protocol.Query;

namespace Sagebrush.Server.Api.Iam;

/// <summary>
/// IAM (query protocol, signing name <c>iam</c>), the role operations SageMaker users touch. Policy documents go out
/// URL-encoded, as IAM sends them (botocore decodes them back to JSON).
/// Not supported yet: users, groups, access keys, instance profiles, managed policies' own operations, TagRole,
/// paging (every list is one page).
/// </summary>
public sealed class IamApi(IamService iam) : IQueryService
{
    public string SigningName => "iam";

    public string XmlNamespace => "https://iam.amazonaws.com/doc/2010-05-08/";

    public string Version => "2010-05-08";

    public IReadOnlyDictionary<string, QueryOperation> Operations => new Dictionary<string, QueryOperation>(StringComparer.Ordinal)
    {
        ["CreateRole"] = CreateRoleAsync,
        ["GetRole"] = async (r, c) => [Role(await iam.GetRoleAsync(r.Require("RoleName"), c.Aborted))],
        ["ListRoles"] = ListRolesAsync,
        ["DeleteRole"] = async (r, c) => Empty(await Done(iam.DeleteRoleAsync(r.Require("RoleName"), c.Aborted))),
        ["AttachRolePolicy"] = async (r, c) => Empty(await Done(iam.AttachRolePolicyAsync(r.Require("RoleName"), r.Require("PolicyArn"), c.Aborted))),
        ["DetachRolePolicy"] = async (r, c) => Empty(await Done(iam.DetachRolePolicyAsync(r.Require("RoleName"), r.Require("PolicyArn"), c.Aborted))),
        ["ListAttachedRolePolicies"] = ListAttachedRolePoliciesAsync,
        ["PutRolePolicy"] = async (r, c) => Empty(await Done(iam.PutRolePolicyAsync(r.Require("RoleName"), r.Require("PolicyName"), r.Require("PolicyDocument"), c.Aborted))),
        ["GetRolePolicy"] = GetRolePolicyAsync,
        ["ListRolePolicies"] = ListRolePoliciesAsync,
        ["DeleteRolePolicy"] = async (r, c) => Empty(await Done(iam.DeleteRolePolicyAsync(r.Require("RoleName"), r.Require("PolicyName"), c.Aborted))),
    };

    private async Task<IEnumerable<XElement>> CreateRoleAsync(QueryRequest request, ServiceCall call)
    {
        var tags = request.Structures("Tags").Select(t => KeyValuePair.Create(t.GetValueOrDefault("Key") ?? "", t.GetValueOrDefault("Value") ?? "")).ToList();
        var role = await iam.CreateRoleAsync(new CreateRole(
            request.Require("RoleName"), request.Require("AssumeRolePolicyDocument"), request.Get("Path"), request.Get("Description"), request.GetInt("MaxSessionDuration"), tags), call.Aborted);
        return [Role(role)];
    }

    private async Task<IEnumerable<XElement>> ListRolesAsync(QueryRequest request, ServiceCall call)
    {
        var roles = await iam.ListRolesAsync(request.Get("PathPrefix"), call.Aborted);
        return [new("Roles", roles.Select(r => Member(Role(r).Elements()))), new("IsTruncated", "false")];
    }

    private async Task<IEnumerable<XElement>> ListAttachedRolePoliciesAsync(QueryRequest request, ServiceCall call)
    {
        var role = await iam.GetRoleAsync(request.Require("RoleName"), call.Aborted);
        return [new("AttachedPolicies", role.AttachedPolicyArns.Select(arn => Member([new("PolicyName", IamService.PolicyNameOf(arn)), new("PolicyArn", arn)]))), new("IsTruncated", "false")];
    }

    private async Task<IEnumerable<XElement>> GetRolePolicyAsync(QueryRequest request, ServiceCall call)
    {
        var (role, name) = (request.Require("RoleName"), request.Require("PolicyName"));
        var document = await iam.GetRolePolicyAsync(role, name, call.Aborted);
        return [new("RoleName", role), new("PolicyName", name), new("PolicyDocument", Uri.EscapeDataString(document))];
    }

    private async Task<IEnumerable<XElement>> ListRolePoliciesAsync(QueryRequest request, ServiceCall call)
    {
        var role = await iam.GetRoleAsync(request.Require("RoleName"), call.Aborted);
        return [new("PolicyNames", role.InlinePolicies.Keys.Order(StringComparer.Ordinal).Select(n => new XElement("member", n))), new("IsTruncated", "false")];
    }

    private static XElement Role(IamRole role) => new(
        "Role",
        new XElement("Path", role.Path),
        new XElement("RoleName", role.RoleName),
        new XElement("RoleId", role.RoleId),
        new XElement("Arn", role.Arn),
        new XElement("CreateDate", role.CreateDate.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
        new XElement("AssumeRolePolicyDocument", Uri.EscapeDataString(role.AssumeRolePolicyDocument)),
        role.Description is null ? null : new XElement("Description", role.Description),
        new XElement("MaxSessionDuration", role.MaxSessionDuration),
        role.Tags.Count == 0 ? null : new XElement("Tags", role.Tags.Select(t => Member([new("Key", t.Key), new("Value", t.Value)]))),
        new XElement("RoleLastUsed"));

    private static XElement Member(IEnumerable<XElement> fields) => new("member", fields);

    private static async Task<bool> Done(Task operation)
    {
        await operation;
        return true;
    }

    private static IEnumerable<XElement> Empty(bool done) => [];
}
