using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Common;

namespace Sagebrush.Server.Background;

/// <summary>
/// Ties every <see cref="IBackgroundController"/> to the server's lifetime: on start each recovers what the last run
/// left, in the order they were registered (training before tuning, which launches training jobs); on stop each shuts
/// down in the reverse order, so tuning launches nothing while training stops.
/// </summary>
public sealed partial class ControllerHost(IEnumerable<IBackgroundController> controllers, ILogger<ControllerHost> logger) : IHostedService
{
    private readonly IReadOnlyList<IBackgroundController> ordered = [.. controllers];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var controller in ordered)
        {
            LogRecovering(logger, controller.Runs);
            await controller.RecoverAsync(cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var controller in ordered.Reverse())
        {
            LogStopping(logger, controller.Runs);
            await controller.ShutdownAsync(controller.ShutdownGrace);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Recovering {Runs} the last run left")]
    private static partial void LogRecovering(ILogger logger, string runs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stopping {Runs}")]
    private static partial void LogStopping(ILogger logger, string runs);
}
