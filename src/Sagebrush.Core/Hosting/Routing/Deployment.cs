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
    private readonly Lock sleepGate = new();
    private int inFlight;
    private volatile bool retired;
    private int disposed;
    private long lastCalledTicks;
    private IReadOnlyDictionary<string, int>? sleepingCounts;
    private Func<Task>? wakeUp;
    private Task? waking;

    public string EndpointName => endpointName;

    public DeploymentSpec Spec => spec;

    public IReadOnlyList<VariantRoute> Variants => variants;

    /// <summary>The endpoint's data-capture sink, or null.</summary>
    public IInvocationSink? CaptureSink => captureSink;

    public bool IsRetired => retired;

    /// <summary>When the deployment last took a call, or when it was activated if it has taken none.</summary>
    public DateTimeOffset LastCalled => new(Interlocked.Read(ref lastCalledTicks), TimeSpan.Zero);

    /// <summary>Scaled to zero by the idle policy: its variants' instance counts to come back to, or null when awake.</summary>
    public IReadOnlyDictionary<string, int>? SleepingCounts => Volatile.Read(ref sleepingCounts);

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref lastCalledTicks, now.UtcTicks);

    /// <summary>Marks the deployment asleep: the next call runs <paramref name="wake"/> (once, however many calls wait on it).</summary>
    public void Sleep(IReadOnlyDictionary<string, int> counts, Func<Task> wake)
    {
        lock (sleepGate)
        {
            Volatile.Write(ref sleepingCounts, counts);
            wakeUp = wake;
            waking = null;
        }
    }

    /// <summary>Wakes a sleeping deployment (every caller shares one wake); completes at once for one that is awake.</summary>
    public Task WakeAsync()
    {
        lock (sleepGate)
        {
            return wakeUp is null ? Task.CompletedTask : waking ??= wakeUp();
        }
    }

    /// <summary>The instances are back: calls go straight through again.</summary>
    public void Woken()
    {
        lock (sleepGate)
        {
            Volatile.Write(ref sleepingCounts, null);
            wakeUp = null;
            waking = null;
        }
    }

    /// <summary>A wake that failed: the next call tries again.</summary>
    public void WakeFailed()
    {
        lock (sleepGate)
        {
            waking = null;
        }
    }

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
        var instances = variants.SelectMany(v => v.Instances.Concat(v.Spares)).ToList();
        foreach (var variant in variants)
        {
            variant.SetInstances(ImmutableArray<ModelInstance>.Empty);
            variant.SetSpares(ImmutableArray<ModelInstance>.Empty);
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
