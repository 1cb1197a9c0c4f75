using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.SageMaker;
using System.Globalization;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.EndpointConfigs;
using Sagebrush.Core.Hosting.Models;
using Sagebrush.Core.Hosting.Shapes;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Hosting.Endpoints;

/// <summary>
/// CreateEndpoint, DescribeEndpoint, ListEndpoints, UpdateEndpoint, UpdateEndpointWeightsAndCapacities and
/// DeleteEndpoint. Each checks and records the change (type <c>endpoint</c>, see <see cref="StoredEndpoint"/>) and
/// hands the work to the <see cref="EndpointSupervisor"/>; the status says how it goes (Creating → InService or Failed,
/// Updating → InService, Deleting → gone).
/// Not supported yet: DeploymentConfig (blue/green is always all at once, with no termination wait; the field is
/// accepted and ignored), serverless, asynchronous and multi-model endpoints, shadow variants.
/// </summary>
/// <param name="quotas">Null in tests that do not count instances; the server always has them.</param>
/// <param name="compiled">Where a variant with an AcceleratorType finds its model's compiled version; null serves the model as it is.</param>
public sealed class EndpointService(
    HostingStore<StoredEndpoint> endpoints,
    EndpointConfigService configs,
    ModelService models,
    EndpointSupervisor supervisor,
    IMetadataStore metadata,
    TimeProvider time,
    InstanceQuotas? quotas = null,
    ICompiledModels? compiled = null)
{
    public static IReadOnlyList<string> SortKeys { get; } = ["Name", "CreationTime", "Status"];

    private static readonly IReadOnlyList<string> VariantPropertyTypes = ["DesiredInstanceCount", "DesiredWeight", "DataCaptureConfig"];

    public async Task<EndpointArnOutput> CreateAsync(CreateEndpointInput request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        HostingNames.Check(request.EndpointName, "endpointName", HostingNames.EndpointNamePattern, errors);
        HostingNames.Check(request.EndpointConfigName, "endpointConfigName", HostingNames.EndpointNamePattern, errors);
        TagChecks.Check(request.Tags, "tags", errors);
        errors.ThrowIfAny();

        var name = request.EndpointName!;
        var arn = endpoints.ArnOf(name);
        if (await endpoints.GetAsync(name, cancellationToken) is not null)
        {
            throw HostingErrors.EndpointExists(arn);
        }

        var spec = await SpecOfAsync(request.EndpointConfigName!, null, cancellationToken);
        var now = time.GetUtcNow();
        var stored = new StoredEndpoint
        {
            Endpoint = new DescribeEndpointOutput
            {
                EndpointName = name,
                EndpointArn = arn,
                EndpointConfigName = spec.EndpointConfigName,
                ProductionVariants = EndpointDocuments.Starting(spec, now),
                DataCaptureConfig = EndpointDocuments.Capture(spec.DataCaptureConfig),
                EndpointStatus = EndpointStatus.Creating,
                CreationTime = now,
                LastModifiedTime = now,
            },
            Deployment = spec,
        };
        using (await AdmitAsync(arn, spec.Variants.Select(v => (v.InstanceType, v.InstanceCount)), cancellationToken))
        {
            if (!await endpoints.TryInsertAsync(name, stored, cancellationToken))
            {
                throw HostingErrors.EndpointExists(arn);
            }
        }

        await CreationTags.SetAsync(metadata, arn, request.Tags, cancellationToken);

        supervisor.BeginCreate(name, spec);
        return new EndpointArnOutput(arn);
    }

    public async Task<DescribeEndpointOutput> DescribeAsync(string? name, CancellationToken cancellationToken = default)
    {
        HostingNames.Require(name, "endpointName", HostingNames.EndpointNamePattern);
        return (await RequireAsync(name!, cancellationToken)).Endpoint;
    }

    public async Task<ListEndpointsOutput> ListAsync(ListEndpointsInput request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = HostingListQuery.Parse(request, SortKeys, EndpointStatus.All);
        var (page, next) = query.Apply(
            (await endpoints.ListAsync(cancellationToken)).Select(s => s.Endpoint),
            e => new ListItem(e.EndpointName, e.CreationTime, e.LastModifiedTime, e.EndpointStatus));
        return new ListEndpointsOutput(
            page.Select(e => new EndpointSummary(e.EndpointName, e.EndpointArn, e.CreationTime, e.LastModifiedTime, e.EndpointStatus)).ToList(),
            next);
    }

    public async Task<EndpointArnOutput> UpdateAsync(UpdateEndpointInput request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        HostingNames.Check(request.EndpointName, "endpointName", HostingNames.EndpointNamePattern, errors);
        HostingNames.Check(request.EndpointConfigName, "endpointConfigName", HostingNames.EndpointNamePattern, errors);
        errors.Items(request.ExcludeRetainedVariantProperties, "excludeRetainedVariantProperties", 0, 3);
        for (var i = 0; request.ExcludeRetainedVariantProperties is { } excluded && i < excluded.Count; i++)
        {
            var at = $"excludeRetainedVariantProperties.{i + 1}.member.variantPropertyType";
            if (errors.Required(excluded[i].VariantPropertyType, at))
            {
                errors.Enum(excluded[i].VariantPropertyType, at, VariantPropertyTypes);
            }
        }

        errors.ThrowIfAny();
        var name = request.EndpointName!;
        var stored = await RequireChangeableAsync(name, cancellationToken);
        var retained = request.RetainAllVariantProperties == true ? stored : null;
        var excludedProperties = request.ExcludeRetainedVariantProperties?.Select(p => p.VariantPropertyType!).ToHashSet(StringComparer.Ordinal) ?? [];
        var spec = await SpecOfAsync(request.EndpointConfigName!, retained is null ? null : (retained, excludedProperties), cancellationToken);
        var now = time.GetUtcNow();

        // Blue/green: the new fleet starts while the old one still serves, so all of it is new instances.
        using var admitted = await AdmitAsync(stored.Endpoint.EndpointArn + "#update", spec.Variants.Select(v => (v.InstanceType, v.InstanceCount)), cancellationToken);
        var updated = await endpoints.UpdateAsync(name, e => EndpointStatus.IsInProgress(e.Endpoint.EndpointStatus) ? null : e with
        {
            Endpoint = e.Endpoint with
            {
                EndpointStatus = EndpointStatus.Updating,
                PendingDeploymentSummary = EndpointDocuments.Pending(spec, now),
                LastModifiedTime = now,
            },
        }, cancellationToken);
        if (updated?.Endpoint.EndpointStatus != EndpointStatus.Updating || updated.Endpoint.PendingDeploymentSummary?.StartTime != now)
        {
            throw HostingErrors.InProgress(endpoints.ArnOf(name));
        }

        supervisor.BeginUpdate(name, spec);
        return new EndpointArnOutput(stored.Endpoint.EndpointArn);
    }

    /// <summary>Weights change at once; capacity changes put the endpoint in Updating while instances start or stop.</summary>
    public async Task<EndpointArnOutput> UpdateWeightsAndCapacitiesAsync(UpdateEndpointWeightsAndCapacitiesInput request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        HostingNames.Check(request.EndpointName, "endpointName", HostingNames.EndpointNamePattern, errors);
        if (errors.Required(request.DesiredWeightsAndCapacities, "desiredWeightsAndCapacities"))
        {
            errors.Items(request.DesiredWeightsAndCapacities, "desiredWeightsAndCapacities", 1, int.MaxValue);
            for (var i = 0; i < request.DesiredWeightsAndCapacities!.Count; i++)
            {
                var at = $"desiredWeightsAndCapacities.{i + 1}.member";
                HostingNames.Check(request.DesiredWeightsAndCapacities[i].VariantName, $"{at}.variantName", HostingNames.EndpointNamePattern, errors);
                errors.Minimum(request.DesiredWeightsAndCapacities[i].DesiredInstanceCount, $"{at}.desiredInstanceCount", 0);
                errors.Maximum(request.DesiredWeightsAndCapacities[i].DesiredInstanceCount, $"{at}.desiredInstanceCount", InstanceTypes.MaxInstanceCount);
            }
        }

        errors.ThrowIfAny();
        var name = request.EndpointName!;
        var stored = await RequireChangeableAsync(name, cancellationToken);
        var desired = request.DesiredWeightsAndCapacities!;
        var known = stored.Deployment.Variants.Select(v => v.VariantName).ToHashSet(StringComparer.Ordinal);
        var unknown = desired.Select(d => d.VariantName!).Where(v => !known.Contains(v)).ToList();
        if (unknown.Count > 0)
        {
            throw HostingErrors.Validation($"The variant(s) \"[{string.Join(", ", unknown)}]\" is/are not present in the endpoint \"{stored.Endpoint.EndpointArn}\".");
        }

        foreach (var entry in desired)
        {
            if (entry.DesiredWeight is null && entry.DesiredInstanceCount is null)
            {
                throw HostingErrors.Validation($"Variant '{entry.VariantName}': specify DesiredWeight, DesiredInstanceCount or both.");
            }

            if (entry.DesiredWeight is { } weight && (weight < 0 || !float.IsFinite(weight)))
            {
                throw HostingErrors.Validation($"Variant '{entry.VariantName}': DesiredWeight must be at least 0, not {weight.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (entry.DesiredInstanceCount is 0)
            {
                throw HostingErrors.Validation($"Variant '{entry.VariantName}': DesiredInstanceCount must be at least 1 for an instance-based endpoint.");
            }
        }

        var weights = desired.Where(d => d.DesiredWeight is not null).ToDictionary(d => d.VariantName!, d => d.DesiredWeight!.Value, StringComparer.Ordinal);
        var counts = desired
            .Where(d => d.DesiredInstanceCount is { } count && count != stored.Deployment.Variants.First(v => v.VariantName == d.VariantName).InstanceCount)
            .ToDictionary(d => d.VariantName!, d => d.DesiredInstanceCount!.Value, StringComparer.Ordinal);
        using var admitted = await AdmitAsync(
            stored.Endpoint.EndpointArn,
            stored.Deployment.Variants.Select(v => (v.InstanceType, counts.GetValueOrDefault(v.VariantName, v.InstanceCount))),
            cancellationToken);
        supervisor.ApplyWeights(name, weights);
        var now = time.GetUtcNow();
        await endpoints.UpdateAsync(name, e => e with
        {
            Deployment = e.Deployment with
            {
                Variants = e.Deployment.Variants.Select(v => weights.TryGetValue(v.VariantName, out var w) ? v with { Weight = w } : v).ToList(),
            },
            Endpoint = e.Endpoint with
            {
                EndpointStatus = counts.Count > 0 ? EndpointStatus.Updating : e.Endpoint.EndpointStatus,
                ProductionVariants = e.Endpoint.ProductionVariants?.Select(v => v with
                {
                    CurrentWeight = weights.TryGetValue(v.VariantName, out var w) ? w : v.CurrentWeight,
                    DesiredWeight = weights.TryGetValue(v.VariantName, out var d) ? d : v.DesiredWeight,
                    DesiredInstanceCount = counts.TryGetValue(v.VariantName, out var c) ? c : v.DesiredInstanceCount,
                }).ToList(),
                LastModifiedTime = now,
            },
        }, cancellationToken);
        if (counts.Count > 0)
        {
            supervisor.BeginScale(name, counts);
        }

        return new EndpointArnOutput(stored.Endpoint.EndpointArn);
    }

    /// <summary>Allowed in any state (an endpoint still Creating stops starting); Deleting until its processes have stopped.</summary>
    public async Task DeleteAsync(string? name, CancellationToken cancellationToken = default)
    {
        HostingNames.Require(name, "endpointName", HostingNames.EndpointNamePattern);
        var stored = await RequireAsync(name!, cancellationToken);
        if (stored.Endpoint.EndpointStatus == EndpointStatus.Deleting)
        {
            return;
        }

        await endpoints.UpdateAsync(name!, e => e with
        {
            Endpoint = e.Endpoint with { EndpointStatus = EndpointStatus.Deleting, LastModifiedTime = time.GetUtcNow() },
        }, cancellationToken);
        supervisor.BeginDelete(name!);
    }

    private async Task<StoredEndpoint> RequireAsync(string name, CancellationToken cancellationToken) =>
        await endpoints.GetAsync(name, cancellationToken) ?? throw HostingErrors.EndpointNotFound(endpoints.ArnOf(name));

    /// <summary>An endpoint UpdateEndpoint and UpdateEndpointWeightsAndCapacities may change: InService.</summary>
    private async Task<StoredEndpoint> RequireChangeableAsync(string name, CancellationToken cancellationToken)
    {
        var stored = await RequireAsync(name, cancellationToken);
        return stored.Endpoint.EndpointStatus switch
        {
            EndpointStatus.Failed => throw HostingErrors.UpdateFailed(stored.Endpoint.EndpointArn),
            var status when EndpointStatus.IsInProgress(status) => throw HostingErrors.InProgress(stored.Endpoint.EndpointArn),
            _ => stored,
        };
    }

    /// <summary>
    /// A snapshot of the configuration and its models. With <paramref name="retain"/> (RetainAllVariantProperties),
    /// variants that already run keep their weight and instance count unless ExcludeRetainedVariantProperties names them.
    /// </summary>
    private async Task<DeploymentSpec> SpecOfAsync(string configName, (StoredEndpoint Current, HashSet<string> Excluded)? retain, CancellationToken cancellationToken)
    {
        var config = await configs.RequireAsync(configName, cancellationToken);
        var variants = new List<VariantSpec>();
        foreach (var variant in config.ProductionVariants)
        {
            var model = await models.RequireAsync(variant.ModelName!, cancellationToken);
            var container = ModelService.ServingContainer(model);
            ServingImage.Resolve(container.Image!, container.Environment);
            var spec = new VariantSpec
            {
                VariantName = variant.VariantName!,
                ModelName = model.ModelName,
                Image = container.Image!,
                ModelDataUrl = container.ModelDataUrl,
                Environment = container.Environment,
                InstanceType = variant.InstanceType!,
                InstanceCount = variant.InitialInstanceCount ?? 1,
                Weight = variant.InitialVariantWeight ?? EndpointConfigService.DefaultWeight,
                StartupTimeoutInSeconds = variant.ContainerStartupHealthCheckTimeoutInSeconds,
                VolumeSizeInGB = variant.VolumeSizeInGB,
            };
            if (variant.AcceleratorType is { } accelerator)
            {
                // Elastic Inference here: the model's compiled version when a compilation job made one, else the model as it is.
                spec = spec with { AcceleratorType = accelerator };
                if (compiled is not null && container.ModelDataUrl is { } url && await compiled.FindAsync(url, cancellationToken) is { } artifact)
                {
                    spec = spec with { SpecifiedImage = spec.Image, Image = artifact.Image, ModelDataUrl = artifact.ModelDataUrl };
                }
            }

            if (retain is var (current, excluded) && current.Deployment.Variants.FirstOrDefault(v => v.VariantName == spec.VariantName) is { } running)
            {
                spec = spec with
                {
                    Weight = excluded.Contains("DesiredWeight") ? spec.Weight : running.Weight,
                    InstanceCount = excluded.Contains("DesiredInstanceCount") ? spec.InstanceCount : running.InstanceCount,
                };
            }

            variants.Add(spec);
        }

        var capture = retain is var (kept, without) && !without.Contains("DataCaptureConfig") && kept.Deployment.DataCaptureConfig is { } existing
            ? existing
            : config.DataCaptureConfig;
        return new DeploymentSpec { EndpointConfigName = config.EndpointConfigName, Variants = variants, DataCaptureConfig = capture };
    }

    /// <summary>What an endpoint holds against the quotas: its variants' instances, unless it failed.</summary>
    public static IEnumerable<HeldInstances> Held(StoredEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.Endpoint.EndpointStatus == EndpointStatus.Failed
            ? []
            : endpoint.Deployment.Variants.Select(v => new HeldInstances(endpoint.Endpoint.EndpointArn, InstanceUsage.Hosting, v.InstanceType, v.InstanceCount));
    }

    private async Task<IDisposable?> AdmitAsync(string arn, IEnumerable<(string Type, int Count)> variants, CancellationToken cancellationToken) =>
        quotas is null ? null : await quotas.AdmitAsync(variants.Select(v => new HeldInstances(arn, InstanceUsage.Hosting, v.Type, v.Count)).ToList(), cancellationToken);
}
