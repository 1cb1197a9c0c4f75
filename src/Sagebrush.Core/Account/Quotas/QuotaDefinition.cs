using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Account.Quotas;

/// <summary>One of SageMaker's quotas: its code, name and AWS's default value, and what Sagebrush counts against it.</summary>
public sealed record QuotaDefinition(string Code, string Name, double DefaultValue)
{
    /// <summary>The instances this quota limits, or null for a quota Sagebrush lists but does not enforce.</summary>
    public InstanceQuotaScope? Scope { get; init; }
}

/// <summary>
/// What an instance quota counts: instances of one use, of one type (<c>ml.m5.large for training job usage</c>) or of
/// every type (<c>Number of instances across all training jobs</c>), across the account or within one resource
/// (<c>Maximum number of instances per endpoint</c>).
/// </summary>
public sealed record InstanceQuotaScope(InstanceUsage Usage, string? InstanceType, bool PerResource);
