using Microsoft.Extensions.Hosting;
using Sagebrush.Core.Training;

namespace Sagebrush.Server.Api.SageMaker;

/// <summary>Ties the training scheduler to the host's lifetime: recovery on start, cancellation on shutdown.</summary>
public sealed class TrainingSchedulerHost(TrainingJobScheduler scheduler) : IHostedService
{
    /// <summary>How long shutdown waits for cancelled jobs to return (executors send SIGTERM, then kill).</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    public Task StartAsync(CancellationToken cancellationToken) => scheduler.RecoverAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => scheduler.ShutdownAsync(ShutdownGrace);
}
