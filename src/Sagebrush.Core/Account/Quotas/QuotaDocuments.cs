namespace Sagebrush.Core.Account.Quotas;

/// <summary>A quota's value once an increase raised it (document type <c>service-quota</c>, named by its code).</summary>
public sealed record AppliedQuota(string QuotaCode, double Value);

/// <summary>
/// An increase request (document type <c>service-quota-request</c>, named by its id). The decision is taken when the
/// request is made and shown when <see cref="QuotaOptions.DecidedAfter"/> has passed; <see cref="Settled"/> records
/// that an approval has been applied to the quota.
/// </summary>
public sealed record QuotaIncreaseRequest
{
    public required string Id { get; init; }

    public required string CaseId { get; init; }

    public required string QuotaCode { get; init; }

    public required double DesiredValue { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required string Requester { get; init; }

    public required bool Approved { get; init; }

    public required string Reason { get; init; }

    public bool Settled { get; init; }
}
