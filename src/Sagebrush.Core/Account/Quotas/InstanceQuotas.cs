using System.Globalization;
using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Account.Quotas;

/// <summary>
/// Admits new instances against the quotas that limit them: per resource, per type and across the account, with
/// utilization read from the families that hold instances. A caller holds the returned lease while it records the
/// resource, so two creations cannot both take the last instance.
/// </summary>
public sealed class InstanceQuotas(QuotaService quotas, IEnumerable<IInstanceHolder> holders)
{
    private readonly SemaphoreSlim admitting = new(1, 1);

    /// <summary>
    /// Throws <c>ResourceLimitExceeded</c> in SageMaker's words when <paramref name="claims"/> would exceed a quota;
    /// otherwise returns a lease to dispose once the resource is recorded. A claim of a resource that already holds
    /// instances (an update) counts only what it adds.
    /// </summary>
    public async Task<IDisposable> AdmitAsync(IReadOnlyList<HeldInstances> claims, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        await admitting.WaitAsync(cancellationToken);
        try
        {
            var held = new List<HeldInstances>();
            foreach (var holder in holders)
            {
                held.AddRange(await holder.HeldAsync(cancellationToken));
            }

            foreach (var group in claims.Where(c => c.Count > 0).GroupBy(c => (c.Usage, c.InstanceType)))
            {
                foreach (var quota in QuotaCatalogue.Limiting(group.Key.Usage, group.Key.InstanceType))
                {
                    await CheckAsync(quota, claims, held, cancellationToken);
                }
            }

            return new Lease(admitting);
        }
        catch
        {
            admitting.Release();
            throw;
        }
    }

    private async Task CheckAsync(QuotaDefinition quota, IReadOnlyList<HeldInstances> claims, List<HeldInstances> held, CancellationToken cancellationToken)
    {
        var scope = quota.Scope!;
        bool Counts(HeldInstances h) => h.Usage == scope.Usage && (scope.InstanceType is null || h.InstanceType == scope.InstanceType);
        var limit = await quotas.ValueOfAsync(quota, cancellationToken);
        if (scope.PerResource)
        {
            foreach (var resource in claims.Where(Counts).GroupBy(c => c.ResourceArn))
            {
                var total = resource.Sum(c => c.Count);
                if (total > limit)
                {
                    throw Exceeded(quota, limit, 0, total);
                }
            }

            return;
        }

        var claimed = claims.Where(Counts).ToList();
        var arns = claimed.Select(c => c.ResourceArn).ToHashSet(StringComparer.Ordinal);
        var utilization = held.Where(Counts).Sum(h => h.Count);
        var heldByClaimants = held.Where(h => Counts(h) && arns.Contains(h.ResourceArn)).Sum(h => h.Count);
        var delta = Math.Max(0, claimed.Sum(c => c.Count) - heldByClaimants);
        if (delta > 0 && utilization + delta > limit)
        {
            throw Exceeded(quota, limit, utilization, delta);
        }
    }

    private static AwsException Exceeded(QuotaDefinition quota, double limit, int utilization, int delta) => new(
        "ResourceLimitExceeded",
        string.Create(
            CultureInfo.InvariantCulture,
            $"The account-level service limit '{quota.Name}' is {limit} Instances, with current utilization of {utilization} Instances and a request delta of {delta} Instances. Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to request an increase for this quota."));

    private sealed class Lease(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
