using System.Collections.Concurrent;

namespace Sagebrush.Core.Compute.Jobs;

/// <summary>
/// The background side every job kind shares (processing and batch transform): at most N jobs run at once, the rest
/// wait for a slot; a stop request cancels a job whether it waits or runs; shutting down cancels them all and waits a
/// grace period. The kind's controller says what running a job means and records how it ended.
/// </summary>
public sealed class JobQueue(int maxConcurrentJobs) : IDisposable
{
    private readonly SemaphoreSlim slots = new(maxConcurrentJobs, maxConcurrentJobs);
    private readonly CancellationTokenSource shutdown = new();
    private readonly ConcurrentDictionary<string, QueuedJob> active = new(StringComparer.OrdinalIgnoreCase);
    private int disposed;

    /// <summary>Jobs running or waiting for a slot.</summary>
    public int ActiveCount => active.Count;

    /// <summary>True once <see cref="ShutdownAsync"/> began: a cancelled job was not stopped by its user.</summary>
    public bool ShuttingDown => shutdown.IsCancellationRequested;

    /// <summary>
    /// Runs <paramref name="run"/> on a slot with a token cancelled by a stop or the shutdown; when a stop arrives
    /// while the job still waits, <paramref name="stoppedWaiting"/> records it instead. Both run off the caller's thread.
    /// <paramref name="failed"/> hears of anything they throw (the job stays as it was, for restart recovery).
    /// </summary>
    public void Enqueue(string name, Func<JobTicket, Task> run, Func<Task> stoppedWaiting, Action<Exception> failed)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(stoppedWaiting);
        ArgumentNullException.ThrowIfNull(failed);
        var job = new QueuedJob(CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token));
        if (!active.TryAdd(name, job))
        {
            job.Stop.Dispose();
            throw new InvalidOperationException($"Job {name} is already queued.");
        }

        job.Task = Task.Run(() => RunAsync(name, job, run, stoppedWaiting, failed));
    }

    /// <summary>Cancels a queued or running job; false when there is none of that name here.</summary>
    public bool RequestStop(string name)
    {
        if (!active.TryGetValue(name, out var job))
        {
            return false;
        }

        job.Ticket.StopRequested = true;
        job.Stop.Cancel();
        return true;
    }

    public bool IsActive(string name) => active.ContainsKey(name);

    /// <summary>Completes when every job queued so far has ended (tests and shutdown).</summary>
    public Task WhenIdleAsync() => Task.WhenAll(active.Values.Select(j => j.Task));

    public async Task ShutdownAsync(TimeSpan grace)
    {
        await shutdown.CancelAsync();
        try
        {
            await WhenIdleAsync().WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            // What still runs is recovered as Failed on the next start.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        shutdown.Cancel();
        shutdown.Dispose();
        slots.Dispose();
    }

    private async Task RunAsync(string name, QueuedJob job, Func<JobTicket, Task> run, Func<Task> stoppedWaiting, Action<Exception> failed)
    {
        try
        {
            try
            {
                await slots.WaitAsync(job.Stop.Token);
            }
            catch (OperationCanceledException)
            {
                if (job.Ticket.StopRequested)
                {
                    await stoppedWaiting();
                }

                return;
            }

            try
            {
                await run(job.Ticket);
            }
            finally
            {
                slots.Release();
            }
        }
#pragma warning disable CA1031 // the job's task must end; the controller hears of the failure
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failed(exception);
        }
        finally
        {
            active.TryRemove(name, out _);
            job.Stop.Dispose();
        }
    }

    private sealed class QueuedJob
    {
        public QueuedJob(CancellationTokenSource stop)
        {
            Stop = stop;
            Ticket = new JobTicket(stop.Token);
        }

        public CancellationTokenSource Stop { get; }

        public JobTicket Ticket { get; }

        public Task Task { get; set; } = Task.CompletedTask;
    }
}

/// <summary>A queued job's cancellation, and whether its user asked for it (otherwise the server is shutting down).</summary>
public sealed class JobTicket(CancellationToken cancelled)
{
    public CancellationToken Cancelled { get; } = cancelled;

    public volatile bool StopRequested;
}
