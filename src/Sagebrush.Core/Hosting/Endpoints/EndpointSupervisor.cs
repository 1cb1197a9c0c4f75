using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Instances;
using Sagebrush.Core.Hosting.Routing;
using Sagebrush.Core.Hosting.Shapes;

namespace Sagebrush.Core.Hosting.Endpoints;

/// <summary>
/// Carries out what the endpoint operations start, in the background and one operation at a time per endpoint:
/// bringing a deployment up (Creating → InService or Failed), blue/green updates (the new deployment runs and takes
/// the traffic before the old one drains and stops; a failed update leaves the old one serving, as SageMaker's
/// rollback does), capacity changes, and deletion (the processes stop before the record goes, so an endpoint the
/// EndpointDeleted waiter reports gone has nothing left running). On server start it brings back the endpoints the
/// last run left up; on shutdown it stops every instance.
/// </summary>
public sealed partial class EndpointSupervisor(
    HostingStore<StoredEndpoint> endpoints,
    EndpointRouter router,
    DeploymentBuilder builder,
    HostingOptions options,
    TimeProvider time,
    ILogger<EndpointSupervisor> logger) : IBackgroundController
{
    public string Runs => "endpoints";

    /// <summary>How long shutdown waits for operations in flight (a deployment still starting stops at once).</summary>
    public TimeSpan ShutdownGrace => TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Slot> slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> operations = new();
    private volatile bool shuttingDown;

    public void BeginCreate(string name, DeploymentSpec spec) => Begin(name, (slot, token) => CreateAsync(slot, name, spec, token));

    public void BeginUpdate(string name, DeploymentSpec spec) => Begin(name, (slot, token) => UpdateAsync(slot, name, spec, token));

    public void BeginScale(string name, IReadOnlyDictionary<string, int> counts) => Begin(name, (slot, token) => ScaleAsync(slot, name, counts, token));

    /// <summary>Scales an idle endpoint to zero instances; its next InvokeEndpoint starts them again and waits for them.</summary>
    public void BeginSleep(string name) => Begin(name, (slot, token) => SleepAsync(slot, name, token));

    /// <summary>Deletion cancels whatever the endpoint was doing (a deployment still starting stops at once).</summary>
    public void BeginDelete(string name)
    {
        if (slots.TryGetValue(name, out var slot))
        {
            slot.Cancel.Cancel();
        }

        Begin(name, (slot, _) => DeleteAsync(slot, name), cancellable: false);
    }

    /// <summary>Sets the running deployment's weights at once; false when the endpoint has no running deployment.</summary>
    public bool ApplyWeights(string name, IReadOnlyDictionary<string, float> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (router.Current(name) is not { } deployment)
        {
            return false;
        }

        foreach (var (variant, weight) in weights)
        {
            if (deployment.Variant(variant) is { } route)
            {
                route.Weight = weight;
            }
        }

        return true;
    }

    /// <summary>Brings back what the last run left: deletions finish, endpoints that were up start again.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in await endpoints.ListAsync(cancellationToken))
        {
            var name = stored.Endpoint.EndpointName;
            switch (stored.Endpoint.EndpointStatus)
            {
                case EndpointStatus.Deleting:
                    await endpoints.DeleteAsync(name, cancellationToken);
                    break;
                case EndpointStatus.Failed or EndpointStatus.OutOfService:
                    break;
                default:
                    BeginCreate(name, stored.Deployment);
                    break;
            }
        }
    }

    /// <summary>Cancels every operation and stops every instance (SIGTERM, then a kill); endpoint records stay as they are.</summary>
    public async Task ShutdownAsync(TimeSpan wait)
    {
        shuttingDown = true;
        foreach (var slot in slots.Values)
        {
            await slot.Cancel.CancelAsync();
        }

        await Task.WhenAll(operations.Keys).WaitAsync(wait, time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var stopping = new List<Task>();
        foreach (var (name, slot) in slots)
        {
            if (router.Remove(name) is { } deployment)
            {
                stopping.Add(deployment.DisposeAsync().AsTask());
            }

            if (slot.Active is { } active)
            {
                stopping.Add(active.DisposeAsync().AsTask());
            }
        }

        await Task.WhenAll(stopping);
    }

    /// <summary>Waits until the endpoint has no operation running or queued (tests).</summary>
    public async Task WhenIdleAsync(string name)
    {
        if (slots.TryGetValue(name, out var slot))
        {
            await slot.Gate.WaitAsync();
            slot.Gate.Release();
        }
    }

    private void Begin(string name, Func<Slot, CancellationToken, Task> operation, bool cancellable = true)
    {
        if (shuttingDown)
        {
            return;
        }

        var slot = slots.GetOrAdd(name, _ => new Slot());
        var task = Task.Run(async () =>
        {
            await slot.Gate.WaitAsync();
            try
            {
                var token = cancellable ? slot.Cancel.Token : CancellationToken.None;
                if (!token.IsCancellationRequested)
                {
                    await operation(slot, token);
                }
            }
            catch (OperationCanceledException) when (slot.Cancel.IsCancellationRequested)
            {
            }
#pragma warning disable CA1031 // a background operation that breaks is logged; the endpoint record says what it can
            catch (Exception unexpected)
#pragma warning restore CA1031
            {
                LogUnexpected(logger, unexpected, name);
            }
            finally
            {
                slot.Gate.Release();
            }
        });
        operations[task] = true;
        _ = task.ContinueWith(t => operations.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task CreateAsync(Slot slot, string name, DeploymentSpec spec, CancellationToken token)
    {
        Deployment deployment;
        try
        {
            deployment = await builder.StartAsync(name, spec, token);
        }
        catch (Exception broken) when (broken is not OperationCanceledException)
        {
            var failure = DeploymentException.From(broken);
            await SaveAsync(name, e => e with
            {
                Endpoint = e.Endpoint with
                {
                    EndpointStatus = EndpointStatus.Failed,
                    FailureReason = failure.Message,
                    ProductionVariants = e.Endpoint.ProductionVariants?.Select(v => v with { VariantStatus = null }).ToList(),
                    PendingDeploymentSummary = null,
                },
            });
            return;
        }

        if (token.IsCancellationRequested)
        {
            await deployment.DisposeAsync();
            return;
        }

        slot.Active = deployment;
        router.Activate(name, deployment);
        await SaveAsync(name, e => e with { Endpoint = InService(e.Endpoint, deployment) });
    }

    private async Task UpdateAsync(Slot slot, string name, DeploymentSpec spec, CancellationToken token)
    {
        Deployment next;
        try
        {
            next = await builder.StartAsync(name, spec, token);
        }
        catch (Exception broken) when (broken is not OperationCanceledException)
        {
            var failure = DeploymentException.From(broken);
            // The old deployment never stopped serving: the endpoint goes back to InService and says why.
            await SaveAsync(name, e => e with
            {
                Endpoint = e.Endpoint with { EndpointStatus = EndpointStatus.InService, FailureReason = failure.Message, PendingDeploymentSummary = null },
            });
            return;
        }

        if (token.IsCancellationRequested)
        {
            await next.DisposeAsync();
            return;
        }

        var previous = router.Activate(name, next);
        slot.Active = next;
        await SaveAsync(name, e => e with { Endpoint = InService(e.Endpoint, next), Deployment = spec });
        if (previous is not null)
        {
            await previous.DrainAsync(options.DrainTimeout, time);
            await previous.DisposeAsync();
        }
    }

    private async Task ScaleAsync(Slot slot, string name, IReadOnlyDictionary<string, int> counts, CancellationToken token)
    {
        if (slot.Active is not { } deployment)
        {
            return;
        }

        string? failure = null;
        foreach (var (variant, count) in counts)
        {
            if (deployment.Variant(variant) is { } route)
            {
                try
                {
                    await DeploymentBuilder.ScaleAsync(route, count, token, options.DrainTimeout);
                }
                catch (Exception failed) when (failed is not OperationCanceledException)
                {
                    failure ??= DeploymentException.From(failed).Message;
                }
            }
        }

        if (deployment.SleepingCounts is not null)
        {
            // An explicit capacity change wakes a sleeping endpoint at the new counts.
            foreach (var variant in deployment.Variants.Where(v => !counts.ContainsKey(v.Name)))
            {
                await DeploymentBuilder.ScaleAsync(variant, deployment.SleepingCounts.GetValueOrDefault(variant.Name, 1), token);
            }

            deployment.Woken();
        }

        var spec = deployment.Spec with
        {
            Variants = deployment.Spec.Variants.Select(v => deployment.Variant(v.VariantName) is { } route
                ? v with { InstanceCount = route.Instances.Length, Weight = route.Weight }
                : v).ToList(),
        };
        await SaveAsync(name, e => e with { Endpoint = InService(e.Endpoint, deployment) with { FailureReason = failure }, Deployment = spec });
    }

    private async Task SleepAsync(Slot slot, string name, CancellationToken token)
    {
        if (slot.Active is not { SleepingCounts: null } deployment || router.Current(name) != deployment)
        {
            return;
        }

        var counts = deployment.Variants.ToDictionary(v => v.Name, v => v.Instances.Length, StringComparer.Ordinal);
        deployment.Sleep(counts, () => WakeAsync(name, deployment, counts));
        foreach (var variant in deployment.Variants)
        {
            await DeploymentBuilder.ScaleAsync(variant, 0, token, options.DrainTimeout);
            await DeploymentBuilder.SetSparesAsync(variant, 0, token);
        }

        LogSlept(logger, name, counts.Values.Sum());
        await SaveAsync(name, e => e with { Endpoint = InService(e.Endpoint, deployment) });
    }

    private Task WakeAsync(string name, Deployment deployment, IReadOnlyDictionary<string, int> counts)
    {
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (shuttingDown)
        {
            woken.SetException(new DeploymentException("InternalFailure: the server is shutting down."));
            return woken.Task;
        }

        Begin(name, async (slot, token) =>
        {
            using var cancelled = token.Register(() => woken.TrySetCanceled(token));
            try
            {
                var started = time.GetTimestamp();
                if (slot.Active == deployment && deployment.SleepingCounts is not null)
                {
                    foreach (var variant in deployment.Variants)
                    {
                        await DeploymentBuilder.ScaleAsync(variant, counts.GetValueOrDefault(variant.Name, 1), token);
                    }

                    // The waiting calls go through once the instances answer and the record says so (a caller that
                    // describes the endpoint after its answer sees the instances back); the warm spares start after.
                    deployment.Woken();
                    await SaveAsync(name, e => e with { Endpoint = InService(e.Endpoint, deployment) });
                    woken.TrySetResult();
                    LogWoke(logger, name, time.GetElapsedTime(started).TotalSeconds);
                    foreach (var variant in deployment.Variants)
                    {
                        await DeploymentBuilder.SetSparesAsync(variant, options.WarmSpares, token);
                    }
                }

                woken.TrySetResult();
            }
            catch (Exception failed)
            {
                deployment.WakeFailed();
                woken.TrySetException(DeploymentException.From(failed));
                throw;
            }
        });
        return woken.Task;
    }

    private async Task DeleteAsync(Slot slot, string name)
    {
        var routed = router.Remove(name);
        var active = slot.Active;
        slot.Active = null;
        if (routed is not null)
        {
            await routed.DisposeAsync();
        }

        if (active is not null)
        {
            await active.DisposeAsync();
        }

        await endpoints.DeleteAsync(name);
        slots.TryRemove(name, out _);
    }

    private DescribeEndpointOutput InService(DescribeEndpointOutput endpoint, Deployment deployment) => endpoint with
    {
        EndpointStatus = EndpointStatus.InService,
        EndpointConfigName = deployment.Spec.EndpointConfigName,
        ProductionVariants = EndpointDocuments.Running(deployment),
        DataCaptureConfig = EndpointDocuments.Capture(deployment.Spec.DataCaptureConfig),
        FailureReason = null,
        PendingDeploymentSummary = null,
        LastModifiedTime = time.GetUtcNow(),
    };

    /// <summary>Writes a change unless the endpoint is being deleted (deletion wins over anything still finishing).</summary>
    private Task SaveAsync(string name, Func<StoredEndpoint, StoredEndpoint> change) =>
        endpoints.UpdateAsync(name, stored => stored.Endpoint.EndpointStatus == EndpointStatus.Deleting
            ? null
            : change(stored) is var changed ? changed with { Endpoint = changed.Endpoint with { LastModifiedTime = time.GetUtcNow() } } : null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Endpoint {Endpoint}: idle, scaled from {Instances} instances to zero until its next invocation")]
    private static partial void LogSlept(ILogger logger, string endpoint, int instances);

    [LoggerMessage(Level = LogLevel.Information, Message = "Endpoint {Endpoint}: woken by an invocation; its instances answered /ping after {Seconds:F2} s")]
    private static partial void LogWoke(ILogger logger, string endpoint, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Endpoint {Endpoint}: a background operation failed")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string endpoint);

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public CancellationTokenSource Cancel { get; } = new();

        public Deployment? Active { get; set; }
    }
}
