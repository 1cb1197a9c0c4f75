using System.Collections.Immutable;
using Sagebrush.Core.Hosting.Instances;
using Sagebrush.Core.Hosting.Shapes;
using Sagebrush.Core.Hosting.Zones;

namespace Sagebrush.Core.Hosting.Routing;

/// <summary>
/// A production variant as the router sees it: its current weight and its instances. Calls go to the healthy
/// instance with the fewest outstanding calls, ties broken round-robin. The instance list is swapped whole when the
/// capacity changes, so a pick never sees a half-changed list. New instances are placed in availability zones
/// (<see cref="AvailabilityZones.Place"/>): the available zone with the fewest of the variant's instances and spares.
/// </summary>
public sealed class VariantRoute(VariantSpec spec, Func<string, ModelInstance> newInstance, IReadOnlyList<DeployedImage> deployedImages, AvailabilityZones zones)
{
    private readonly Lock promoting = new();
    private ImmutableArray<ModelInstance> instances = [];
    private ImmutableArray<ModelInstance> spares = [];
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

    /// <summary>Warm spares: started and answering /ping, out of rotation until an instance in rotation is down.</summary>
    public ImmutableArray<ModelInstance> Spares => spares;

    public void SetSpares(ImmutableArray<ModelInstance> value) => ImmutableInterlocked.InterlockedExchange(ref spares, value);

    /// <summary><paramref name="count"/> new (not yet started) instances of this variant, each placed in a zone counting those placed before it.</summary>
    public IReadOnlyList<ModelInstance> NewInstances(int count)
    {
        var inUse = instances.Concat(spares).Select(i => i.Zone).ToList();
        var created = new List<ModelInstance>();
        for (var i = 0; i < count; i++)
        {
            var zone = zones.Place(inUse);
            inUse.Add(zone);
            created.Add(newInstance(zone));
        }

        return created;
    }

    public void SetInstances(ImmutableArray<ModelInstance> value) => ImmutableInterlocked.InterlockedExchange(ref instances, value);

    /// <summary>
    /// The healthy instance to call, other than <paramref name="except"/>; when none in rotation is healthy, a healthy
    /// warm spare takes the place of one that is down (which restarts and becomes the spare); null when there is none.
    /// </summary>
    public ModelInstance? Pick(ModelInstance? except = null) => PickInRotation(except) ?? Promote(except);

    private ModelInstance? Promote(ModelInstance? except)
    {
        if (spares.IsEmpty)
        {
            return null;
        }

        lock (promoting)
        {
            if (PickInRotation(except) is { } healthy)
            {
                return healthy; // another call promoted a spare meanwhile
            }

            var current = instances;
            var spare = spares.FirstOrDefault(s => s.IsHealthy && s != except);
            var down = current.IndexOf(current.FirstOrDefault(i => !i.IsHealthy)!);
            if (spare is null || down < 0)
            {
                return null;
            }

            // Only if nothing (a capacity change) replaced the list meanwhile; otherwise the caller's next pick sees it.
            if (ImmutableInterlocked.InterlockedCompareExchange(ref instances, current.SetItem(down, spare), current) != current)
            {
                return null;
            }

            SetSpares(spares.Remove(spare).Add(current[down]));
            return spare;
        }
    }

    private ModelInstance? PickInRotation(ModelInstance? except)
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
