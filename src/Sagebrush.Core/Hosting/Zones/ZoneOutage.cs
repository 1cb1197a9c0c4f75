using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Hosting.Endpoints;
using Sagebrush.Core.Hosting.Instances;
using Sagebrush.Core.Hosting.Routing;

namespace Sagebrush.Core.Hosting.Zones;

/// <summary>What a zone outage did: the instances and spares lost, and the instances started elsewhere in their place.</summary>
public sealed record ZoneOutageReport(string Zone, int InstancesLost, int SparesLost, int SparesPromoted, int InstancesStarted);

/// <summary>
/// Takes an availability zone down, as a zone failure would (<c>sagebrush chaos --zone</c>): the zone is impaired, so
/// nothing new is placed there; every endpoint instance and warm spare in it leaves rotation at once and dies (no
/// draining: calls it was answering fail, as they would); healthy spares in the other zones take the lost instances'
/// places first; then each variant is brought back to its instance and spare counts with instances started in the
/// zones still available. Restoring a zone only makes it available again: running instances are not moved back
/// (SageMaker does not rebalance either). An endpoint in the middle of an update is handled like the others; the
/// update's own capacity change may then run against the reduced fleet.
/// </summary>
public sealed partial class ZoneOutage(AvailabilityZones zones, EndpointRouter router, HostingOptions options, ILogger<ZoneOutage> logger)
{
    public async Task<ZoneOutageReport> TakeDownAsync(string zone, CancellationToken cancellationToken)
    {
        zones.Impair(zone);
        var (lostInstances, lostSpares, promotedSpares, started) = (0, 0, 0, 0);
        foreach (var deployment in router.Live)
        {
            foreach (var variant in deployment.Variants)
            {
                var lost = variant.Instances.Where(i => i.Zone == zone).ToList();
                var lostSpare = variant.Spares.Where(i => i.Zone == zone).ToList();
                if (lost.Count + lostSpare.Count == 0)
                {
                    continue;
                }

                var count = variant.Instances.Length;
                var keptSpares = variant.Spares.Where(i => i.Zone != zone).ToList();
                var promoted = keptSpares.Where(i => i.IsHealthy).Take(lost.Count).ToList();
                variant.SetInstances([.. variant.Instances.Where(i => i.Zone != zone), .. promoted]);
                variant.SetSpares([.. keptSpares.Except(promoted)]);
                await Task.WhenAll(lost.Concat(lostSpare).Select(i => i.DisposeAsync().AsTask()));
                (lostInstances, lostSpares, promotedSpares) = (lostInstances + lost.Count, lostSpares + lostSpare.Count, promotedSpares + promoted.Count);

                var before = variant.Instances.Length + variant.Spares.Length;
                try
                {
                    await DeploymentBuilder.ScaleAsync(variant, count, cancellationToken);
                    if (deployment.SleepingCounts is null)
                    {
                        await DeploymentBuilder.SetSparesAsync(variant, options.WarmSpares, cancellationToken);
                    }
                }
                catch (Exception e) when (e is DeploymentException or InvalidOperationException)
                {
                    LogReplacementFailed(logger, deployment.EndpointName, variant.Name, zone, e.Message);
                }

                started += variant.Instances.Length + variant.Spares.Length - before;
                LogVariantMoved(logger, deployment.EndpointName, variant.Name, zone, lost.Count, string.Join(", ", variant.Instances.Select(i => i.Zone)));
            }
        }

        return new ZoneOutageReport(zone, lostInstances, lostSpares, promotedSpares, started);
    }

    public bool Restore(string zone) => zones.Restore(zone);

    /// <summary>Every zone and whether it is available.</summary>
    public IReadOnlyList<(string Zone, bool Available)> Zones => [.. zones.Names.Select(z => (z, zones.IsAvailable(z)))];

    /// <summary>The instances of an endpoint's live deployment, per variant, with their zones (spares marked).</summary>
    public IReadOnlyList<(string Variant, ModelInstance Instance, bool Spare)> InstancesOf(string endpointName) =>
        router.Current(endpointName) is not { } deployment
            ? []
            : [.. deployment.Variants.SelectMany(v => v.Instances.Select(i => (v.Name, i, false)).Concat(v.Spares.Select(i => (v.Name, i, true))))];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zone outage {Zone}: endpoint {Endpoint} variant {Variant} lost {Lost} instance(s); now in {Zones}")]
    private static partial void LogVariantMoved(ILogger logger, string endpoint, string variant, string zone, int lost, string zones);

    [LoggerMessage(Level = LogLevel.Error, Message = "Zone outage {Zone}: endpoint {Endpoint} variant {Variant} could not be brought back to its instance count: {Reason}")]
    private static partial void LogReplacementFailed(ILogger logger, string endpoint, string variant, string zone, string reason);
}
