using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Iam;

/// <summary>
/// The part of IAM SageMaker users touch: roles (CreateRole, GetRole, ListRoles, DeleteRole), their managed policy
/// attachments and inline policies, kept in the metadata store under the account (IAM is global: no region). A
/// default <c>SageMakerRole</c> exists from the first start, so the ARN every example uses works. Policies are stored
/// and returned, never evaluated: every request signed with a key Sagebrush knows may do everything.
/// Not supported yet: users, groups, instance profiles, managed policy documents, role tags operations, paging markers
/// beyond one page of 1000.
/// </summary>
public sealed partial class IamService(IMetadataStore metadata, AccountSettings account, TimeProvider time)
{
    public const string DefaultRoleName = "SageMakerRole";
    private const string ResourceType = "iam-role";
    private const string GlobalRegion = "aws-global";

    /// <summary>The trust policy of the default role: SageMaker may assume it.</summary>
    public const string SageMakerTrustPolicy =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    public string RoleArn(string name, string path = "/") => $"arn:aws:iam::{account.AccountId}:role{path}{name}";

    /// <summary>Creates <see cref="DefaultRoleName"/> when it does not exist (each start; never replaces one).</summary>
    public async Task EnsureDefaultRoleAsync(CancellationToken cancellationToken = default)
    {
        if (await FindAsync(DefaultRoleName, cancellationToken) is null)
        {
            try
            {
                await CreateRoleAsync(new CreateRole(DefaultRoleName, SageMakerTrustPolicy, "/", "The execution role SageMaker examples name; created by Sagebrush.", null, []), cancellationToken);
            }
            catch (AwsException exists) when (exists.Code == "EntityAlreadyExists")
            {
            }
        }
    }

    public async Task<IamRole> CreateRoleAsync(CreateRole request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckName(request.RoleName);
        var path = request.Path ?? "/";
        if (!PathPattern().IsMatch(path))
        {
            throw IamErrors.Validation($"The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.");
        }

        CheckPolicyDocument(request.AssumeRolePolicyDocument);
        var duration = request.MaxSessionDuration ?? 3600;
        if (duration is < 3600 or > 43200)
        {
            throw IamErrors.Validation($"1 validation error detected: Value '{duration}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600 and less than or equal to 43200");
        }

        var role = new IamRole
        {
            RoleName = request.RoleName,
            RoleId = "AROA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17),
            Arn = RoleArn(request.RoleName, path),
            Path = path,
            CreateDate = TruncateToSeconds(time.GetUtcNow()),
            AssumeRolePolicyDocument = request.AssumeRolePolicyDocument,
            Description = request.Description,
            MaxSessionDuration = duration,
            Tags = request.Tags,
        };
        try
        {
            await metadata.InsertAsync(KeyOf(request.RoleName), role.Arn, Serialize(role), cancellationToken);
        }
        catch (ResourceAlreadyExistsException)
        {
            throw IamErrors.RoleExists(request.RoleName);
        }

        return role;
    }

    public async Task<IamRole> GetRoleAsync(string name, CancellationToken cancellationToken = default) =>
        await FindAsync(name, cancellationToken) ?? throw IamErrors.NoSuchRole(name);

    /// <summary>The role an ARN of this account names, or null (another account, another path, no such role).</summary>
    public async Task<IamRole?> FindByArnAsync(string? arn, CancellationToken cancellationToken = default)
    {
        if (arn is null || !arn.StartsWith($"arn:aws:iam::{account.AccountId}:role/", StringComparison.Ordinal))
        {
            return null;
        }

        var name = arn[(arn.LastIndexOf('/') + 1)..];
        return await FindAsync(name, cancellationToken) is { } role && role.Arn == arn ? role : null;
    }

    public async Task<IReadOnlyList<IamRole>> ListRolesAsync(string? pathPrefix, CancellationToken cancellationToken = default)
    {
        var records = await metadata.ListAsync(account.AccountId, GlobalRegion, ResourceType, cancellationToken);
        return [.. records.Select(r => Deserialize(r.Document))
            .Where(r => pathPrefix is null || r.Path.StartsWith(pathPrefix, StringComparison.Ordinal))
            .OrderBy(r => r.RoleName, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task DeleteRoleAsync(string name, CancellationToken cancellationToken = default)
    {
        var role = await GetRoleAsync(name, cancellationToken);
        if (role.AttachedPolicyArns.Count > 0 || role.InlinePolicies.Count > 0)
        {
            throw IamErrors.DeleteConflict();
        }

        await metadata.DeleteAsync(KeyOf(name), cancellationToken);
    }

    public Task AttachRolePolicyAsync(string name, string policyArn, CancellationToken cancellationToken = default)
    {
        if (!policyArn.StartsWith("arn:aws:iam::", StringComparison.Ordinal) || !policyArn.Contains(":policy/", StringComparison.Ordinal))
        {
            throw new AwsException("InvalidInput", $"ARN {policyArn} is not valid.");
        }

        return UpdateAsync(name, role => role.AttachedPolicyArns.Contains(policyArn) ? role : role with { AttachedPolicyArns = [.. role.AttachedPolicyArns, policyArn] }, cancellationToken);
    }

    public Task DetachRolePolicyAsync(string name, string policyArn, CancellationToken cancellationToken = default) =>
        UpdateAsync(name, role => role.AttachedPolicyArns.Contains(policyArn)
            ? role with { AttachedPolicyArns = [.. role.AttachedPolicyArns.Where(a => a != policyArn)] }
            : throw new AwsException("NoSuchEntity", $"Policy {policyArn} was not found.", 404), cancellationToken);

    public Task PutRolePolicyAsync(string name, string policyName, string document, CancellationToken cancellationToken = default)
    {
        CheckPolicyDocument(document);
        return UpdateAsync(name, role => role with { InlinePolicies = new Dictionary<string, string>(role.InlinePolicies) { [policyName] = document } }, cancellationToken);
    }

    public async Task<string> GetRolePolicyAsync(string name, string policyName, CancellationToken cancellationToken = default)
    {
        var role = await GetRoleAsync(name, cancellationToken);
        return role.InlinePolicies.TryGetValue(policyName, out var document) ? document : throw IamErrors.NoSuchRolePolicy(name, policyName);
    }

    public Task DeleteRolePolicyAsync(string name, string policyName, CancellationToken cancellationToken = default) =>
        UpdateAsync(name, role => role.InlinePolicies.ContainsKey(policyName)
            ? role with { InlinePolicies = role.InlinePolicies.Where(p => p.Key != policyName).ToDictionary() }
            : throw IamErrors.NoSuchRolePolicy(name, policyName), cancellationToken);

    /// <summary>A managed policy's name is the last part of its ARN.</summary>
    public static string PolicyNameOf(string policyArn) => policyArn[(policyArn.LastIndexOf('/') + 1)..];

    private async Task<IamRole?> FindAsync(string name, CancellationToken cancellationToken) =>
        await metadata.GetAsync(KeyOf(name), cancellationToken) is { } record ? Deserialize(record.Document) : null;

    private async Task UpdateAsync(string name, Func<IamRole, IamRole> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var record = await metadata.GetAsync(KeyOf(name), cancellationToken) ?? throw IamErrors.NoSuchRole(name);
            try
            {
                await metadata.UpdateAsync(record.Key, record.Version, Serialize(change(Deserialize(record.Document))), cancellationToken);
                return;
            }
            catch (ConcurrencyException) when (attempt < 5)
            {
            }
        }
    }

    private ResourceKey KeyOf(string name) => new(account.AccountId, GlobalRegion, ResourceType, name);

    private static void CheckName(string name)
    {
        if (name.Length is < 1 or > 64 || !NamePattern().IsMatch(name))
        {
            throw IamErrors.Validation($"1 validation error detected: Value '{name}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }
    }

    private static void CheckPolicyDocument(string document)
    {
        try
        {
            using var parsed = JsonDocument.Parse(document);
            if (parsed.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw IamErrors.MalformedPolicy("The policy document must be a JSON object.");
            }
        }
        catch (JsonException)
        {
            throw IamErrors.MalformedPolicy("This policy contains invalid Json");
        }
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Offset);

    private static string Serialize(IamRole role) => JsonSerializer.Serialize(role, IamJsonContext.Default.IamRole);

    private static IamRole Deserialize(string document) => JsonSerializer.Deserialize(document, IamJsonContext.Default.IamRole)!;

    [GeneratedRegex(@"^[\w+=,.@-]+\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^/([\x21-\x7E]*/)?\z")]
    private static partial Regex PathPattern();
}

/// <summary>CreateRole's members as IAM names them.</summary>
public sealed record CreateRole(string RoleName, string AssumeRolePolicyDocument, string? Path, string? Description, int? MaxSessionDuration, IReadOnlyList<KeyValuePair<string, string>> Tags);
