using Sagebrush.Core.Account.Billing;
using System.Collections.Immutable;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Compute.Files;
using Sagebrush.Core.Hosting.Instances;
using Sagebrush.Core.Hosting.Invocations;
using Sagebrush.Core.Hosting.Models;
using Sagebrush.Core.Hosting.Routing;
using Sagebrush.Core.Hosting.Shapes;
using Sagebrush.Core.Hosting.Zones;
using Sagebrush.Core.Logs;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Hosting.Endpoints;

/// <summary>
/// Turns a <see cref="DeploymentSpec"/> into a running <see cref="Deployment"/>: each variant gets a workspace under
/// <c>&lt;work-root&gt;/&lt;endpoint&gt;/&lt;deployment&gt;/&lt;variant&gt;</c> (seen by its instances at /opt/ml, the model unpacked
/// into <c>model/</c>), then every instance of every variant starts at once; the deployment is returned when all of
/// them answer /ping. If any cannot start, all are stopped and the first failure is the DeploymentException.
/// Batch transform starts its instances here too, with its own work root, <paramref name="logGroup"/> and
/// <paramref name="metering"/>. Each instance is metered on its own, from launch to stop. A model in a user's own image
/// serves from a container (<paramref name="containers"/>), the image pulled once per deployment.
/// </summary>
public sealed class DeploymentBuilder(
    IObjectStore store,
    IHostLauncher launcher,
    ILogStore? logs,
    IEndpointCaptureFactory? captureFactory,
    HostingOptions options,
    string workRoot,
    TimeProvider time,
    string? logGroup = null,
    DeploymentMetering? metering = null,
    AvailabilityZones? zones = null,
    Containers.ContainerLauncher? containers = null)
{
    private readonly AvailabilityZones zones = zones ?? AvailabilityZones.Single;

    public async Task<Deployment> StartAsync(string endpointName, DeploymentSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var directory = Path.Combine(workRoot, endpointName, Guid.NewGuid().ToString("N")[..12]);
        var variants = new List<VariantRoute>();
        var leases = new List<IDisposable>();
        try
        {
            foreach (var variant in spec.Variants)
            {
                variants.Add(await PrepareAsync(endpointName, variant, directory, leases, cancellationToken));
            }
        }
        catch
        {
            WorkDirectories.TryDelete(directory);
            leases.ForEach(l => l.Dispose());
            throw;
        }

        IInvocationSink? capture;
        try
        {
            capture = spec.DataCaptureConfig is { } config && captureFactory is not null ? captureFactory.Create(endpointName, config) : null;
        }
        catch (Common.AwsException invalid)
        {
            WorkDirectories.TryDelete(directory);
            leases.ForEach(l => l.Dispose());
            throw new DeploymentException(DeploymentException.Trim("DataCaptureConfig: " + invalid.Message));
        }

        var deployment = new Deployment(endpointName, spec, variants, capture, directory, leases);
        try
        {
            var starts = new List<Task>();
            foreach (var variant in variants)
            {
                var instances = variant.NewInstances(variant.Spec.InstanceCount).ToImmutableArray();
                variant.SetInstances(instances);
                starts.AddRange(instances.Select(i => i.StartAsync(cancellationToken)));
                var spares = variant.NewInstances(options.WarmSpares).ToImmutableArray();
                variant.SetSpares(spares);
                starts.AddRange(spares.Select(i => i.StartAsync(cancellationToken)));
            }

            await WhenAllOrFirstFailureAsync(starts);
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts or stops warm spares until the variant has <paramref name="count"/> (an endpoint asleep keeps none).</summary>
    public static async Task SetSparesAsync(VariantRoute variant, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var current = variant.Spares;
        if (count > current.Length)
        {
            var added = variant.NewInstances(count - current.Length);
            await WhenAllOrFirstFailureAsync(added.Select(i => i.StartAsync(cancellationToken)).ToList());
            variant.SetSpares(variant.Spares.AddRange(added));
        }
        else if (count < current.Length)
        {
            variant.SetSpares(current[..count]);
            await Task.WhenAll(current[count..].Select(i => i.DisposeAsync().AsTask()));
        }
    }

    /// <summary>
    /// Starts more instances of a variant, or stops some, until it has <paramref name="count"/>. Instances leaving are
    /// out of rotation first and stop once the calls they are answering are done (at most <paramref name="drain"/>).
    /// </summary>
    public static async Task ScaleAsync(VariantRoute variant, int count, CancellationToken cancellationToken, TimeSpan? drain = null)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var current = variant.Instances;
        if (count > current.Length)
        {
            var added = variant.NewInstances(count - current.Length);
            try
            {
                await WhenAllOrFirstFailureAsync(added.Select(i => i.StartAsync(cancellationToken)).ToList());
            }
            catch
            {
                await Task.WhenAll(added.Select(i => i.DisposeAsync().AsTask()));
                throw;
            }

            variant.SetInstances(variant.Instances.AddRange(added));
        }
        else if (count < current.Length)
        {
            var removed = current[count..];
            variant.SetInstances(current[..count]);
            var draining = System.Diagnostics.Stopwatch.StartNew();
            while (removed.Any(i => i.Outstanding > 0) && draining.Elapsed < (drain ?? TimeSpan.Zero))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), CancellationToken.None);
            }

            await Task.WhenAll(removed.Select(i => i.DisposeAsync().AsTask()));
        }
    }

    private async Task<VariantRoute> PrepareAsync(string endpointName, VariantSpec variant, string directory, List<IDisposable> leases, CancellationToken cancellationToken)
    {
        ServingImage image;
        try
        {
            image = ServingImage.Resolve(variant.Image, variant.Environment);
        }
        catch (Common.AwsException unsupported)
        {
            throw new DeploymentException(DeploymentException.Trim(unsupported.Message));
        }

        var instanceLauncher = launcher;
        ContainerImage? container = null;
        if (image.Image.Kind == ImageKind.Container)
        {
            var prepared = containers is null
                ? Containers.PreparedImage.Failed($"The image '{variant.Image}' serves from a container, and this server has no container launcher.")
                : await containers.PrepareAsync(variant.Image, _ => { }, cancellationToken);
            if (prepared.Failure is { } failure)
            {
                throw new DeploymentException(DeploymentException.Trim(failure));
            }

            instanceLauncher = containers!;
            container = new ContainerImage(prepared.Reference!);
        }

        var workspace = Path.Combine(directory, variant.VariantName);
        var modelDirectory = Path.Combine(workspace, "model");
        Directory.CreateDirectory(modelDirectory);
        var resources = InstanceTypes.Resources(variant.InstanceType, variant.VolumeSizeInGB ?? options.DefaultVolumeSizeInGB, options.ProcessorCount);
        var artifacts = new ModelArtifacts(store, resources.VolumeBytes);
        if (variant.ModelDataUrl is { } url)
        {
            await artifacts.StageModelAsync(url, modelDirectory, cancellationToken);
        }

        var mlRoot = instanceLauncher.MountsOptMl ? "/opt/ml" : workspace;
        string? code = null;
        if (image.Image.Kind == ImageKind.ScriptMode
            && variant.Environment?.GetValueOrDefault(ServingCommand.SubmitDirectoryVariable) is { } submit
            && submit.StartsWith("s3://", StringComparison.Ordinal))
        {
            await artifacts.StageCodeAsync(submit, modelDirectory, cancellationToken);
            code = mlRoot + "/model/" + ModelArtifacts.CodeDirectory;
        }

        // The variant's instances share its workspace, read-only, as a user of their own.
        var user = instanceLauncher.LeaseUser();
        if (user is not null)
        {
            leases.Add(user);
            user.GiveOwnership(workspace);
        }

        var cpus = resources.VCpus;
        var timeout = variant.StartupTimeoutInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : options.StartupTimeout;
        var deployed = new List<DeployedImage> { new() { SpecifiedImage = variant.SpecifiedImage ?? variant.Image, ResolvedImage = variant.Image, ResolutionTime = time.GetUtcNow() } };
        return new VariantRoute(variant, NewInstance, deployed, zones);

        ModelInstance NewInstance(string zone)
        {
            var scratch = Path.Combine(directory, "scratch", Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(scratch);
            var spec = new InstanceSpec(
                endpointName,
                variant.VariantName,
                workspace,
                scratch,
                port => container is not null
                    ? ServingCommand.ForContainer(container, variant.Environment)
                    : ServingCommand.Create(image, variant.Environment, mlRoot, code, port, cpus, options.ModelServerScript),
                timeout)
            {
                User = user?.User,
                Resources = resources,
                Zone = zone,
                LogGroup = logGroup,
                Meter = metering?.Meter,
                Metered = metering is null ? null : new MeteredUse(metering.ArnOf(endpointName), metering.Usage, variant.InstanceType, 1),
            };
            return new ModelInstance(spec, instanceLauncher, logs, time, options);
        }
    }

    /// <summary>Like Task.WhenAll, but fails as soon as one fails (a crashing instance need not wait for the others' timeouts).</summary>
    private static async Task WhenAllOrFirstFailureAsync(IReadOnlyList<Task> tasks)
    {
        var pending = tasks.ToList();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending);
            await done;
            pending.Remove(done);
        }
    }
}

/// <summary>How a builder's instances are billed: the meter, the use, and the ARN of the resource an instance serves.</summary>
public sealed record DeploymentMetering(IUsageMeter Meter, InstanceUsage Usage, Func<string, string> ArnOf);
