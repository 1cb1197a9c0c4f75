namespace Sagebrush.Core.Common;

/// <summary>
/// A background controller that does one step every <see cref="Interval"/> (target tracking, the idle endpoint
/// policy, alarm evaluation, instance utilization): the loop starts on recovery, waits, steps, and outlives a failing
/// step (reported to <see cref="OnStepFailed"/>, tried again at the next interval); shutdown cancels it and waits up to
/// the grace period.
/// </summary>
public abstract class PeriodicController(TimeProvider time) : IBackgroundController, IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private Task loop = Task.CompletedTask;

    /// <summary>The clock the loop waits on; subclasses read the time from it too.</summary>
    protected TimeProvider Time { get; } = time;

    public abstract string Runs { get; }

    public TimeSpan ShutdownGrace => TimeSpan.FromSeconds(2);

    /// <summary>How long the loop waits before each step.</summary>
    protected abstract TimeSpan Interval { get; }

    public Task RecoverAsync(CancellationToken cancellationToken)
    {
        loop = Task.Run(() => LoopAsync(stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task ShutdownAsync(TimeSpan grace)
    {
        await stop.CancelAsync();
        await loop.WaitAsync(grace, Time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>One step of the loop.</summary>
    protected abstract Task StepAsync(CancellationToken cancellationToken);

    /// <summary>Logs a step that failed, in the controller's own words.</summary>
    protected abstract void OnStepFailed(Exception failure);

    private async Task LoopAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, Time, token);
                await StepAsync(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the loop must outlive one bad step; the next one tries again
            catch (Exception failed)
#pragma warning restore CA1031
            {
                OnStepFailed(failed);
            }
        }
    }
}
