namespace Sagebrush.Core.Iam;

/// <summary>An IAM role as Sagebrush keeps it: what GetRole returns, plus its attached managed policies and inline policies.</summary>
public sealed record IamRole
{
    public required string RoleName { get; init; }

    public required string RoleId { get; init; }

    public required string Arn { get; init; }

    public string Path { get; init; } = "/";

    public required DateTimeOffset CreateDate { get; init; }

    /// <summary>The trust policy as the caller sent it (JSON text).</summary>
    public required string AssumeRolePolicyDocument { get; init; }

    public string? Description { get; init; }

    public int MaxSessionDuration { get; init; } = 3600;

    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    /// <summary>Managed policy ARNs, in the order they were attached.</summary>
    public IReadOnlyList<string> AttachedPolicyArns { get; init; } = [];

    /// <summary>Inline policies by name: stored and returned, not evaluated (Sagebrush authorizes every signed call).</summary>
    public IReadOnlyDictionary<string, string> InlinePolicies { get; init; } = new Dictionary<string, string>();
}
