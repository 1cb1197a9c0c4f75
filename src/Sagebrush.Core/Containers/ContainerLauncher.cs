using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Compute.Sandbox;

namespace Sagebrush.Core.Containers;

/// <summary>
/// Runs hosts as containers of any image, beside the bubblewrap launcher that runs SageMaker's framework and built-in
/// images: the host's workspace at <c>/opt/ml</c> (read-only for a model), nothing else of the machine (the data
/// directory is never mounted), the instance type's vCPUs, memory (no swap) and process count as the container's
/// limits, the runtime's default capabilities less MKNOD and NET_RAW, no new privileges, and no network but the
/// container's own loopback (<see cref="ContainerNetwork"/>; the daemon runs without a bridge, so no container gets an
/// address). A stop is <c>docker stop</c> with the launch's grace period. Output is attached before the start, so no
/// line is lost, and the daemon keeps no log of its own (log driver <c>none</c>).
/// </summary>
public sealed class ContainerLauncher(DockerEngine engine, IContainerRegistry? registry, string owner, ILogger<ContainerLauncher>? logger = null) : IHostLauncher
{
    /// <summary>Marks every container Sagebrush starts, with the data directory that started it (for the sweep at start).</summary>
    public const string OwnerLabel = "sagebrush.owner";
    private const string HostLabel = "sagebrush.host";

    private readonly ConcurrentDictionary<string, bool> running = new();

    public bool MountsOptMl => true;

    public string? Note => null;

    public DockerEngine Engine => engine;

    public Task<HostNetwork> CreateNetworkAsync(CancellationToken cancellationToken) => Task.FromResult<HostNetwork>(new ContainerNetwork());

    public SandboxUserLease? LeaseUser() => null;

    /// <summary>
    /// Makes <paramref name="image"/> ready to run, once per job or deployment: pulled from Sagebrush's registry when it
    /// names one of its repositories (every time, so a moved tag is seen), else taken from the engine's own images.
    /// Returns the reference the engine runs, or a failure in SageMaker's words.
    /// </summary>
    public async Task<PreparedImage> PrepareAsync(string image, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(progress);
        if (await engine.UnavailableAsync() is { } unavailable)
        {
            return PreparedImage.Failed($"ClientError: The image '{image}' runs in a container, and Sagebrush has no container runtime here: {unavailable}.");
        }

        if (registry is not null && await registry.ResolveAsync(image, cancellationToken) is { } pulled)
        {
            progress($"Sagebrush: pulling {image} from this server's registry ({pulled.Reference})");
            var (name, tag) = ImageReferences.Split(pulled.Reference);
            try
            {
                await engine.Client.Images.CreateImageAsync(
                    new ImagesCreateParameters { FromImage = name, Tag = tag },
                    new AuthConfig { Username = pulled.UserName, Password = pulled.Password, ServerAddress = pulled.ServerAddress },
                    new Progress<JSONMessage>(),
                    cancellationToken);
            }
            catch (DockerApiException e)
            {
                return PreparedImage.Failed($"ClientError: The image '{image}' could not be pulled: {DockerMessage(e)}");
            }

            return PreparedImage.Ready(pulled.Reference);
        }

        try
        {
            await engine.Client.Images.InspectImageAsync(image, cancellationToken);
            return PreparedImage.Ready(image);
        }
        catch (DockerImageNotFoundException)
        {
            return PreparedImage.Failed(
                $"ClientError: The image '{image}' is neither in a repository of this server's ECR nor among the Docker engine's images. " +
                "Push it to a repository (aws ecr create-repository, then docker push <repositoryUri>:<tag>) or build it on this machine.");
        }
    }

    public async Task<HostExit> RunAsync(HostLaunch launch, Action<HostOutputLine> output, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(output);
        var image = launch.Container ?? throw new ArgumentException("A container launch needs an image.", nameof(launch));
        var network = launch.Network as ContainerNetwork ?? throw new ArgumentException("A container runs on a ContainerNetwork.", nameof(launch));
        var first = network.Claim();
        var holder = first && launch.Hosts.Count > 1;
        string? id = null;
        try
        {
            if (holder)
            {
                await StartHolderAsync(launch, network, stop);
            }

            var owns = first && !holder;
            var mode = owns ? "none" : "container:" + await network.OwnerAsync(stop);
            id = (await engine.Client.Containers.CreateContainerAsync(Parameters(launch, image, owns, mode), stop)).ID;
            running[id] = true;
            using var attached = await engine.Client.Containers.AttachContainerAsync(
                id, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, CancellationToken.None);
            await engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), stop);
            if (owns)
            {
                // A host that has already ended leaves nothing to connect to; its exit says the rest.
                var started = await engine.Client.Containers.InspectContainerAsync(id, CancellationToken.None);
                network.Bind(id, started.State?.Running == true ? started.State.Pid : 0);
                if (started.State?.Running == true)
                {
                    launch.Usage?.Attach(CgroupSlot.Of((int)started.State.Pid));
                }
            }

            var reading = ContainerOutput.PumpAsync(attached, output);
            var stopping = false;
            await using (stop.Register(() =>
            {
                stopping = true;
                _ = StopQuietlyAsync(id, launch.StopGracePeriod);
            }))
            {
                var waited = await engine.Client.Containers.WaitContainerAsync(id, CancellationToken.None);
                await reading;
                var ended = await engine.Client.Containers.InspectContainerAsync(id, CancellationToken.None);
                return new HostExit((int)waited.StatusCode, stopping, ended.State?.OOMKilled == true);
            }
        }
        catch (Exception e) when (first)
        {
            network.Fail(e);
            throw;
        }
        finally
        {
            launch.Usage?.Detach();
            if (id is not null)
            {
                await RemoveQuietlyAsync(id);
            }
        }
    }

    /// <summary>
    /// The container that holds the network of a job with several hosts (<see cref="NetworkHolderImage"/>), so that a
    /// host that ends first does not take the namespace with it; removed with the network.
    /// </summary>
    private async Task StartHolderAsync(HostLaunch launch, ContainerNetwork network, CancellationToken stop)
    {
        await NetworkHolderImage.EnsureAsync(engine.Client, stop);
        var parameters = new CreateContainerParameters
        {
            Name = "sagebrush-network-" + Guid.NewGuid().ToString("N")[..12],
            Image = NetworkHolderImage.Reference,
            Cmd = ["/usr/bin/sleep", "infinity"],
            Hostname = launch.Hosts[0],
            Labels = new Dictionary<string, string> { [OwnerLabel] = owner, [HostLabel] = "network" },
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                ExtraHosts = [.. launch.Hosts.Select(host => host + ":127.0.0.1")],
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                PidsLimit = 4,
                Memory = 16 * 1024 * 1024,
                LogConfig = new LogConfig { Type = "none" },
            },
        };
        var id = (await engine.Client.Containers.CreateContainerAsync(parameters, stop)).ID;
        running[id] = true;
        network.OnDispose(() => RemoveQuietlyAsync(id));
        await engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), stop);
        var started = await engine.Client.Containers.InspectContainerAsync(id, stop);
        if (!network.Bind(id, started.State?.Pid ?? 0))
        {
            throw new InvalidOperationException("The container that holds the job's network ended as it started: " + started.State?.Error);
        }
    }

    /// <summary>Removes what an earlier run of this server left (a crash does not remove its containers).</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        if (await engine.UnavailableAsync() is not null)
        {
            return;
        }

        var left = await engine.Client.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{OwnerLabel}={owner}"] = true } },
            },
            cancellationToken);
        foreach (var container in left)
        {
            await RemoveQuietlyAsync(container.ID);
        }
    }

    public void Dispose()
    {
        foreach (var id in running.Keys)
        {
            RemoveQuietlyAsync(id).GetAwaiter().GetResult();
        }
    }

    private CreateContainerParameters Parameters(HostLaunch launch, ContainerImage image, bool first, string networkMode)
    {
        var resources = launch.Resources;
        var parameters = new CreateContainerParameters
        {
            Name = "sagebrush-" + launch.Host + "-" + Guid.NewGuid().ToString("N")[..12],
            Image = image.Reference,
            Entrypoint = image.Entrypoint?.ToList(),
            Cmd = [.. launch.Command],
            Env = [.. launch.Environment.Select(pair => pair.Key + "=" + pair.Value)],
            AttachStdout = true,
            AttachStderr = true,
            Labels = new Dictionary<string, string> { [OwnerLabel] = owner, [HostLabel] = launch.Host },
            HostConfig = new HostConfig
            {
                Binds = [launch.Workspace + ":" + TrainingWorkspace.ContainerRoot + (launch.ReadOnlyWorkspace ? ":ro" : "")],
                NetworkMode = networkMode,
                ExtraHosts = first ? [.. launch.Hosts.Select(host => host + ":127.0.0.1")] : null,
                Memory = resources.MemoryBytes,
                MemorySwap = resources.MemoryBytes > 0 ? resources.MemoryBytes : 0,
                NanoCPUs = resources.VCpus * 1_000_000_000L,
                PidsLimit = resources.MaxProcesses > 0 ? resources.MaxProcesses : null,
                CapDrop = ["MKNOD", "NET_RAW"],
                SecurityOpt = ["no-new-privileges"],
                LogConfig = new LogConfig { Type = "none" },
            },
        };
        if (first)
        {
            // Joined containers share the first one's name and hosts file; they may not set their own.
            parameters.Hostname = launch.Host;
        }

        return parameters;
    }

    private async Task StopQuietlyAsync(string id, TimeSpan grace)
    {
        try
        {
            await engine.Client.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Max(1, grace.TotalSeconds) });
        }
        catch (DockerApiException e)
        {
            logger?.LogDebug("Stopping container {Id}: {Message}", id, e.Message);
        }
    }

    private async Task RemoveQuietlyAsync(string id)
    {
        try
        {
            await engine.Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
        }
        catch (DockerApiException e)
        {
            logger?.LogWarning("Removing container {Id} failed: {Message}", id, e.Message);
        }
        finally
        {
            running.TryRemove(id, out _);
        }
    }

    /// <summary>The engine's own message (<c>{"message": ...}</c>), else the exception's.</summary>
    private static string DockerMessage(DockerApiException e)
    {
        try
        {
            return e.ResponseBody is { Length: > 0 } body && System.Text.Json.JsonDocument.Parse(body).RootElement.TryGetProperty("message", out var message)
                ? message.GetString() ?? e.Message
                : e.Message;
        }
        catch (System.Text.Json.JsonException)
        {
            return e.Message;
        }
    }
}

/// <summary>An image ready to run (<see cref="Reference"/>), or why it is not (a FailureReason).</summary>
public sealed record PreparedImage(string? Reference, string? Failure)
{
    public static PreparedImage Ready(string reference) => new(reference, null);

    public static PreparedImage Failed(string reason) => new(null, reason);
}
