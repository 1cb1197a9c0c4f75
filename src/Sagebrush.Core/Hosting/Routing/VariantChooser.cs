namespace Sagebrush.Core.Hosting.Routing;

/// <summary>
/// Picks a variant with probability proportional to its current weight. Seeded for tests (one generator behind a
/// lock); otherwise the thread-safe shared generator.
/// </summary>
public sealed class VariantChooser(int? seed)
{
    private readonly Random? seeded = seed is { } value ? new Random(value) : null;
    private readonly Lock gate = new();

    /// <summary>The chosen variant, or null when every weight is zero.</summary>
    public VariantRoute? Choose(IReadOnlyList<VariantRoute> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        if (variants.Count == 1)
        {
            return variants[0].Weight > 0 ? variants[0] : null;
        }

        double total = 0;
        for (var i = 0; i < variants.Count; i++)
        {
            total += Math.Max(0, variants[i].Weight);
        }

        if (total <= 0)
        {
            return null;
        }

        var point = Next() * total;
        for (var i = 0; i < variants.Count; i++)
        {
            point -= Math.Max(0, variants[i].Weight);
            if (point < 0)
            {
                return variants[i];
            }
        }

        return variants[^1];
    }

    private double Next()
    {
        if (seeded is null)
        {
            return Random.Shared.NextDouble();
        }

        lock (gate)
        {
            return seeded.NextDouble();
        }
    }
}
