using System.Collections.Immutable;
using Sagebrush.Core.Compute.Files;
using Sagebrush.Core.Hosting.Instances;
using Sagebrush.Core.Hosting.Invocations;
using Sagebrush.Core.Hosting.Shapes;

namespace Sagebrush.Core.Hosting.Routing;

/// <summary>
/// The running form of one endpoint configuration: its variants and their instances, and the endpoint's own sinks
/// (data capture). The router counts the calls in flight through it, so an UpdateEndpoint can switch traffic to the
/// next deployment and stop this one only when its last call has returned: a call that entered before
/// <see cref="Retire"/> is counted; one that enters after sees the flag and goes to the new deployment instead.
/// </summary>
public sealed class Deployment(string endpointName, DeploymentSpec spec, IReadOnlyList<VariantRoute> variants, IInvocationSink? captureSink, string directory, IReadOnlyList<IDisposable>? leases = null) : IAsyncDisposable
{
    private int inFlight;
    private volatile bool retired;
    private int disposed;

    public string EndpointName => endpointName;

    public DeploymentSpec Spec => spec;

    public IReadOnlyList<VariantRoute> Variants => variants;

    /// <summary>The endpoint's data-capture sink, or null.</summary>
    public IInvocationSink? CaptureSink => captureSink;

    public bool IsRetired => retired;

    public VariantRoute? Variant(string name)
    {
        foreach (var variant in variants)
        {
            if (string.Equals(variant.Name, name, StringComparison.Ordinal))
            {
                return variant;
            }
        }

        return null;
    }

    /// <summary>Counts a call in; false when the deployment was retired (the caller looks up the current one again).</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref inFlight);
        if (retired)
        {
            Interlocked.Decrement(ref inFlight);
            return false;
        }

        return true;
    }

    public void Exit() => Interlocked.Decrement(ref inFlight);

    public void Retire() => retired = true;

    /// <summary>Retires the deployment and waits (up to <paramref name="timeout"/>) for the calls in flight.</summary>
    public async Task DrainAsync(TimeSpan timeout, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Retire();
        var started = time.GetTimestamp();
        while (Volatile.Read(ref inFlight) > 0 && time.GetElapsedTime(started) < timeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), time);
        }
    }

    /// <summary>Stops every instance (in parallel), closes the capture sink and removes the deployment's files.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        Retire();
        var instances = variants.SelectMany(v => v.Instances).ToList();
        foreach (var variant in variants)
        {
            variant.SetInstances(ImmutableArray<ModelInstance>.Empty);
        }

        await Task.WhenAll(instances.Select(i => i.DisposeAsync().AsTask()));
        foreach (var lease in leases ?? [])
        {
            lease.Dispose(); // the variants' sandbox users, free once their processes are gone
        }
        if (captureSink is IAsyncDisposable closing)
        {
            try
            {
                await closing.DisposeAsync();
            }
#pragma warning disable CA1031 // a sink that fails to close must not keep the endpoint's processes alive
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        WorkDirectories.TryDelete(directory);
    }
}
