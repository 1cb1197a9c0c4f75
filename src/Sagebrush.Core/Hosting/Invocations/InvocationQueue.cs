using System.Threading.Channels;

namespace Sagebrush.Core.Hosting.Invocations;

/// <summary>
/// The queue behind a background <see cref="IInvocationSink"/>: <see cref="TryEnqueue"/> never blocks (when the queue
/// is full the item is dropped and counted), one loop hands queued items to <c>accept</c> as they arrive, and
/// <c>flush</c> runs every interval, on <see cref="FlushAsync"/> and once more on dispose. <c>accept</c> and
/// <c>flush</c> never run at the same time, so the owner's batch needs no lock of its own. Both must not throw: an
/// exception that escapes them is swallowed so the loop (and the endpoint) keeps going.
/// </summary>
internal sealed class InvocationQueue<T> : IAsyncDisposable
{
    private readonly Channel<T> channel;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Func<T, ValueTask> accept;
    private readonly Func<ValueTask> flush;
    private readonly TimeProvider time;

    /// <summary>How long the consumer waits after a drain before it looks again (well inside any queue's capacity at the router's rates).</summary>
    public static readonly TimeSpan DrainPause = TimeSpan.FromMilliseconds(50);
    private readonly PeriodicTimer timer;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task consumer;
    private readonly Task ticker;
    private long dropped;
    private int disposed;

    public InvocationQueue(int capacity, TimeSpan flushInterval, TimeProvider time, Func<T, ValueTask> accept, Func<ValueTask> flush)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(accept);
        ArgumentNullException.ThrowIfNull(flush);
        this.accept = accept;
        this.flush = flush;
        this.time = time;
        // Wait mode makes TryWrite answer false when full instead of silently dropping, so drops can be counted.
        channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });
        timer = new PeriodicTimer(flushInterval, time);
        consumer = Task.Run(ConsumeAsync);
        ticker = Task.Run(TickAsync);
    }

    /// <summary>Items refused because the queue was full or already closed.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    public bool TryEnqueue(T item)
    {
        if (channel.Writer.TryWrite(item))
        {
            return true;
        }

        Interlocked.Increment(ref dropped);
        return false;
    }

    /// <summary>Hands every item queued so far to <c>accept</c>, then runs <c>flush</c>.</summary>
    public async Task FlushAsync()
    {
        await gate.WaitAsync();
        try
        {
            await DrainAsync();
            await RunGuardedAsync(flush);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        channel.Writer.TryComplete();
        await stopping.CancelAsync();
        timer.Dispose();
        await ticker;
        await consumer;
        await FlushAsync();
        // The gate is left undisposed (it holds no wait handle) so a FlushAsync racing the dispose still works.
        stopping.Dispose();
    }

    // Items are taken off the channel only under the gate, so an item is always either still queued or already in the
    // owner's batch: a FlushAsync that returns has seen everything enqueued before it was called.
    // After each drain the loop pauses (DrainPause) so that items arriving meanwhile are taken in one go: on the data
    // plane, waking this loop for every call cost more CPU than the call's own routing (docs/benchmarks.md, Serving).
    private async Task ConsumeAsync()
    {
        while (await channel.Reader.WaitToReadAsync(CancellationToken.None))
        {
            await gate.WaitAsync();
            try
            {
                await DrainAsync();
            }
            finally
            {
                gate.Release();
            }

            try
            {
                await Task.Delay(DrainPause, time, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Disposed: the loop drains what is left and ends once the channel is completed.
            }
        }
    }

    private async Task TickAsync()
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                await FlushAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the final flush happens in DisposeAsync.
        }
    }

    private async ValueTask DrainAsync()
    {
        while (channel.Reader.TryRead(out var item))
        {
            await RunGuardedAsync(() => accept(item));
        }
    }

#pragma warning disable CA1031 // A sink's failure must never stop the loop that serves every later invocation.
    private static async ValueTask RunGuardedAsync(Func<ValueTask> action)
    {
        try
        {
            await action();
        }
        catch (Exception)
        {
            // The owner logs its own failures; anything that still escapes is dropped with its batch.
        }
    }
#pragma warning restore CA1031
}
