namespace Sagebrush.Core.Hosting.Zones;

/// <summary>
/// The region's availability zones as failure domains for endpoint instances: <c>&lt;region&gt;a</c>, <c>b</c> and
/// <c>c</c>, each available or impaired (taken down by <see cref="ZoneOutage"/>). A new instance goes to the available
/// zone holding the fewest of its variant's instances (the first in order on a tie), so a variant of N instances
/// spreads over min(N, 3) zones, as SageMaker spreads a multi-instance variant. With every zone impaired there is
/// nowhere to place an instance, and creating one fails.
/// </summary>
public sealed class AvailabilityZones
{
    private readonly string[] names;
    private readonly HashSet<string> impaired = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public AvailabilityZones(string region, int count = 3)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        names = [.. Enumerable.Range(0, count).Select(i => region + (char)('a' + i))];
    }

    /// <summary>One zone named <c>local</c>: what batch transform and tests that do not care use.</summary>
    public static AvailabilityZones Single { get; } = new("local-", 1);

    public IReadOnlyList<string> Names => names;

    public bool IsAvailable(string zone)
    {
        lock (gate)
        {
            return names.Contains(zone) && !impaired.Contains(zone);
        }
    }

    /// <summary>The zone for a new instance, given the zones of the variant's instances (and spares) now.</summary>
    /// <exception cref="InvalidOperationException">Every zone is impaired.</exception>
    public string Place(IEnumerable<string> zonesInUse)
    {
        ArgumentNullException.ThrowIfNull(zonesInUse);
        var counts = zonesInUse.GroupBy(z => z, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        lock (gate)
        {
            return names.Where(z => !impaired.Contains(z)).OrderBy(z => counts.GetValueOrDefault(z)).FirstOrDefault()
                ?? throw new InvalidOperationException("Every availability zone is impaired: restore one (sagebrush chaos --zone <zone> --restore) to place instances.");
        }
    }

    /// <summary>Marks the zone impaired; false if it already was.</summary>
    public bool Impair(string zone)
    {
        lock (gate)
        {
            return Check(zone) && impaired.Add(zone);
        }
    }

    /// <summary>Marks the zone available again; false if it already was.</summary>
    public bool Restore(string zone)
    {
        lock (gate)
        {
            return Check(zone) && impaired.Remove(zone);
        }
    }

    private bool Check(string zone) =>
        names.Contains(zone) ? true : throw new ArgumentException($"{zone} is not an availability zone of this region: use one of {string.Join(", ", names)}.", nameof(zone));
}
