using Microsoft.Extensions.Hosting;
using Sagebrush.Core.Tuning;

namespace Sagebrush.Server.Api.SageMaker;

/// <summary>
/// Ties the tuning orchestrator to the host's lifetime: recovery on start, its loops ended on shutdown. Registered
/// after <see cref="TrainingSchedulerHost"/>, so it stops first and launches nothing while training shuts down.
/// </summary>
public sealed class TuningOrchestratorHost(TuningJobOrchestrator orchestrator) : IHostedService
{
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    public Task StartAsync(CancellationToken cancellationToken) => orchestrator.RecoverAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => orchestrator.ShutdownAsync(ShutdownGrace);
}
