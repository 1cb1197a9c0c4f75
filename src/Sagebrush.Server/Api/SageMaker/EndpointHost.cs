using Microsoft.Extensions.Hosting;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Hosting.Endpoints;

namespace Sagebrush.Server.Api.SageMaker;

/// <summary>
/// Ties endpoints to the host's lifetime: endpoints the last run left up start again in the background; on shutdown
/// every instance is stopped and the launcher kills whatever is left.
/// </summary>
public sealed class EndpointHost(EndpointSupervisor supervisor, HostingLauncher launcher) : IHostedService
{
    /// <summary>How long shutdown waits for operations in flight (a deployment still starting stops at once).</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => supervisor.RecoverAsync(CancellationToken.None), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await supervisor.ShutdownAsync(ShutdownGrace);
        launcher.Launcher.Dispose();
    }
}

/// <summary>The host launcher endpoints use (their own, so disposing it never touches training jobs).</summary>
public sealed record HostingLauncher(IHostLauncher Launcher);
