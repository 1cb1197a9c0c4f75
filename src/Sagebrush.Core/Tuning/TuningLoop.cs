namespace Sagebrush.Core.Tuning;

/// <summary>One tuning job's background loop: its task, its cancellation, and the signal that wakes it before the next poll.</summary>
internal sealed class TuningLoop(CancellationTokenSource cancellation) : IDisposable
{
    private readonly SemaphoreSlim wake = new(0, 1);

    public CancellationToken Token { get; } = cancellation.Token;

    public Task Task { get; set; } = Task.CompletedTask;

    public void WakeUp()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
        catch (ObjectDisposedException)
        {
            // The loop has ended.
        }
    }

    /// <summary>Waits for the poll interval or a wake-up; false once the loop is cancelled.</summary>
    public async Task<bool> WaitAsync(TimeSpan interval)
    {
        try
        {
            await wake.WaitAsync(interval, Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        cancellation.Dispose();
        wake.Dispose();
    }
}
