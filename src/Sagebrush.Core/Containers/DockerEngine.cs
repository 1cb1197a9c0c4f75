using Docker.DotNet;

namespace Sagebrush.Core.Containers;

/// <summary>
/// The Docker Engine the container launcher drives, over its Unix socket (API 1.41: Debian's docker.io 20.10 and
/// newer). Whether it answers is asked once, on first use, and kept: a machine without a daemon says so once
/// (<see cref="UnavailableAsync"/>) and the rest of the platform runs without containers.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    public const string DefaultSocket = "/var/run/docker.sock";
    private static readonly System.Version ApiVersion = new(1, 41);

    private readonly Lazy<Task<string?>> probe;

    public DockerEngine(string socketPath = DefaultSocket)
    {
        SocketPath = socketPath;
        Client = new DockerClientBuilder().WithEndpoint(new Uri("unix://" + socketPath)).WithApiVersion(ApiVersion).WithTimeout(Timeout.InfiniteTimeSpan).Build();
        probe = new Lazy<Task<string?>>(ProbeAsync);
    }

    public string SocketPath { get; }

    public IDockerClient Client { get; }

    /// <summary>Null when the engine answers; otherwise why containers cannot run here and what to do.</summary>
    public Task<string?> UnavailableAsync() => probe.Value;

    public void Dispose() => Client.Dispose();

    private async Task<string?> ProbeAsync()
    {
        if (!File.Exists(SocketPath))
        {
            return $"no Docker engine listens on {SocketPath}: install docker.io and start it with scripts/docker-daemon";
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var version = await Client.System.GetVersionAsync(timeout.Token);
            return System.Version.TryParse(version.APIVersion, out var api) && api < ApiVersion
                ? $"the Docker engine at {SocketPath} speaks API {version.APIVersion}; Sagebrush needs {ApiVersion} (Docker 20.10) or newer"
                : null;
        }
#pragma warning disable CA1031 // any failure means the engine cannot be used; the reason is reported
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"the Docker engine at {SocketPath} does not answer ({e.GetBaseException().Message}): start it with scripts/docker-daemon";
        }
    }
}
