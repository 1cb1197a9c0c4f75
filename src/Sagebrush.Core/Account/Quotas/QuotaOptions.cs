namespace Sagebrush.Core.Account.Quotas;

/// <summary>How quotas start and how increase requests are decided (docs/account.md).</summary>
public sealed record QuotaOptions
{
    /// <summary>
    /// The most instances an increase may grant for any instance quota: what this host is willing to run of one type,
    /// of one use, or in one resource. Requests above it are denied.
    /// </summary>
    public int HostInstanceCapacity { get; init; } = 20;

    /// <summary>
    /// True: every quota starts at AWS's default, as a brand-new AWS account does (0 for most types, 4 instances
    /// across all training jobs). False (the default): like an account in use, CPU types and the instance counts start
    /// at <see cref="HostInstanceCapacity"/>; GPU and accelerator types keep AWS's default.
    /// </summary>
    public bool StartAtAwsDefaults { get; init; }

    /// <summary>A request is PENDING this long, then CASE_OPENED.</summary>
    public TimeSpan CaseOpenedAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A request is decided (APPROVED or DENIED) this long after it was made.</summary>
    public TimeSpan DecidedAfter { get; init; } = TimeSpan.FromSeconds(2);
}
