using System.Globalization;

namespace Sagebrush.Core.Account.Quotas;

/// <summary>
/// How Sagebrush decides an increase request, at once and in the open (AWS's support engineers decide in hours):
/// an instance quota is approved up to <see cref="QuotaOptions.HostInstanceCapacity"/>, what this host is willing to
/// run, and denied beyond it; a quota Sagebrush does not enforce is approved, since nothing here is held back by it.
/// </summary>
public static class QuotaRequestPolicy
{
    public static (bool Approved, string Reason) Decide(QuotaDefinition quota, double desired, QuotaOptions options)
    {
        ArgumentNullException.ThrowIfNull(quota);
        ArgumentNullException.ThrowIfNull(options);
        var value = desired.ToString(CultureInfo.InvariantCulture);
        if (quota.Scope is null)
        {
            return (true, $"Approved: Sagebrush lists '{quota.Name}' but does not enforce it, so {value} costs this host nothing.");
        }

        return desired <= options.HostInstanceCapacity
            ? (true, $"Approved: {value} instances is within what this host runs ({options.HostInstanceCapacity}, setting Sagebrush:Quotas:HostInstanceCapacity).")
            : (false, $"Denied: this host runs at most {options.HostInstanceCapacity} instances for one quota (setting Sagebrush:Quotas:HostInstanceCapacity); {value} is more than it can hold.");
    }
}
