using System.Collections.Immutable;
using Sagebrush.Core.Hosting.Instances;
using Sagebrush.Core.Hosting.Shapes;

namespace Sagebrush.Core.Hosting.Routing;

/// <summary>
/// A production variant as the router sees it: its current weight and its instances. Calls go to the healthy
/// instance with the fewest outstanding calls, ties broken round-robin. The instance list is swapped whole when the
/// capacity changes, so a pick never sees a half-changed list.
/// </summary>
public sealed class VariantRoute(VariantSpec spec, Func<ModelInstance> newInstance, IReadOnlyList<DeployedImage> deployedImages)
{
    private ImmutableArray<ModelInstance> instances = [];
    private float weight = spec.Weight;
    private int next;

    public string Name => spec.VariantName;

    public VariantSpec Spec => spec;

    public IReadOnlyList<DeployedImage> DeployedImages => deployedImages;

    public float Weight
    {
        get => Volatile.Read(ref weight);
        set => Volatile.Write(ref weight, value);
    }

    public ImmutableArray<ModelInstance> Instances => instances;

    /// <summary>A new (not yet started) instance of this variant.</summary>
    public ModelInstance NewInstance() => newInstance();

    public void SetInstances(ImmutableArray<ModelInstance> value) => ImmutableInterlocked.InterlockedExchange(ref instances, value);

    /// <summary>The healthy instance to call, other than <paramref name="except"/>; null when there is none.</summary>
    public ModelInstance? Pick(ModelInstance? except = null)
    {
        var current = instances;
        var count = current.Length;
        if (count == 0)
        {
            return null;
        }

        var start = (int)((uint)Interlocked.Increment(ref next) % (uint)count);
        ModelInstance? best = null;
        for (var i = 0; i < count; i++)
        {
            var candidate = current[(start + i) % count];
            if (candidate == except || !candidate.IsHealthy)
            {
                continue;
            }

            if (best is null || candidate.Outstanding < best.Outstanding)
            {
                best = candidate;
            }
        }

        return best;
    }
}
