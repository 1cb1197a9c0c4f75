using Microsoft.Extensions.Logging;
using Sagebrush.Core.Common;

namespace Sagebrush.Core.CloudWatch.Alarms;

/// <summary>Evaluates every alarm each <see cref="CloudWatchOptions.AlarmEvaluationInterval"/> (<see cref="CloudWatchAlarms.EvaluateAsync"/>).</summary>
public sealed partial class AlarmEvaluator(CloudWatchAlarms alarms, CloudWatchOptions options, TimeProvider time, ILogger<AlarmEvaluator> logger) : IBackgroundController, IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private Task loop = Task.CompletedTask;

    public string Runs => "CloudWatch alarm evaluation";

    public TimeSpan ShutdownGrace => TimeSpan.FromSeconds(2);

    public Task RecoverAsync(CancellationToken cancellationToken)
    {
        loop = Task.Run(() => LoopAsync(stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task ShutdownAsync(TimeSpan grace)
    {
        await stop.CancelAsync();
        await loop.WaitAsync(grace, time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => stop.Dispose();

    private async Task LoopAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.AlarmEvaluationInterval, time, token);
                await alarms.EvaluateAsync(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the evaluator must outlive one bad pass; the next one tries again
            catch (Exception failed)
#pragma warning restore CA1031
            {
                LogFailed(logger, failed);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "CloudWatch alarms: an evaluation failed; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
