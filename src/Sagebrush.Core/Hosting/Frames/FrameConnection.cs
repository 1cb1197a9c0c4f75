using System.Buffers;
using System.Collections.Concurrent;

namespace Sagebrush.Core.Hosting.Frames;

/// <summary>
/// One connection to a built-in model server carrying many invocations at once (<see cref="InvocationFrames"/>).
/// A caller appends its frame to a shared buffer; whoever finds no write in progress writes everything buffered, so
/// calls that arrive during a write leave together in the next one. A reader loop matches answers to callers by id
/// and completes them itself, so a caller continues where the answer was read (with the server's inline socket
/// completions, on the thread that polled the socket; no hop through the thread pool). When the connection breaks, every call
/// still waiting fails as <see cref="HttpRequestException"/>, the same failure the HTTP path reports, so the router
/// treats both alike.
/// </summary>
public sealed class FrameConnection : IAsyncDisposable
{
    private readonly Stream stream;
    private readonly int maxFrameBytes;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<InvocationFrames.Response>> pending = new();
    private readonly Lock gate = new();
    private ArrayBufferWriter<byte> queued = new(16 * 1024);
    private ArrayBufferWriter<byte> sending = new(16 * 1024);
    private readonly Task reading;
    private bool writing;
    private int nextId;
    private volatile Exception? broken;

    public FrameConnection(Stream stream, int maxFrameBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        this.stream = stream;
        this.maxFrameBytes = maxFrameBytes;
        reading = ReadAsync();
    }

    /// <summary>Calls sent and not answered yet.</summary>
    public int Pending => pending.Count;

    /// <summary>The connection failed; a new one is needed.</summary>
    public bool IsBroken => broken is not null;

    public async Task<InvocationFrames.Response> SendAsync(ReadOnlyMemory<byte> body, string? contentType, string? accept, string? customAttributes, CancellationToken cancellationToken)
    {
        var id = (uint)Interlocked.Increment(ref nextId);
        // Completed by the reader loop, whose thread then runs the caller's continuation: the answer goes on to the
        // client without waiting for a thread-pool worker.
        var answer = new TaskCompletionSource<InvocationFrames.Response>();
        bool writer;
        lock (gate)
        {
            if (broken is { } failure)
            {
                throw Lost(failure);
            }

            InvocationFrames.Write(queued, new InvocationFrames.Request(id, contentType, accept, customAttributes, body));
            pending[id] = answer; // only once the frame is queued: a frame that could not be written leaves nothing waiting
            writer = !writing;
            writing = true;
        }

        if (writer)
        {
            await WriteQueuedAsync();
        }

        await using var cancel = cancellationToken.Register(() =>
        {
            if (pending.TryRemove(id, out var waiting))
            {
                waiting.TrySetCanceled(cancellationToken);
            }
        });
        return await answer.Task;
    }

    public async ValueTask DisposeAsync()
    {
        Break(new ObjectDisposedException(nameof(FrameConnection), "The instance's connection was closed."));
        await stream.DisposeAsync(); // the reader's pending read fails, and its loop ends
    }

    /// <summary>Writes what is queued, then what was queued meanwhile, until nothing is.</summary>
    private async Task WriteQueuedAsync()
    {
        while (true)
        {
            ArrayBufferWriter<byte> batch;
            lock (gate)
            {
                if (queued.WrittenCount == 0 || broken is not null)
                {
                    writing = false;
                    return;
                }

                (batch, queued, sending) = (queued, sending, queued);
            }

            try
            {
                await stream.WriteAsync(batch.WrittenMemory);
            }
            catch (Exception failure) when (failure is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                Break(failure);
            }
            finally
            {
                batch.ResetWrittenCount();
            }
        }
    }

    /// <summary>The reader: one read takes every answer that came, and each waiting caller is completed in turn.</summary>
    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2); // a frame larger than the buffer (bounded by maxFrameBytes)
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled));
                if (read == 0)
                {
                    Break(new IOException("The instance closed the connection."));
                    return;
                }

                filled += read;
                var frames = new ReadOnlySequence<byte>(buffer, 0, filled);
                while (InvocationFrames.TryRead(ref frames, maxFrameBytes, out var response))
                {
                    if (pending.TryRemove(response.Id, out var waiting))
                    {
                        waiting.TrySetResult(response);
                    }
                }

                var consumed = filled - (int)frames.Length;
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        catch (Exception failure) when (failure is IOException or ObjectDisposedException or InvalidDataException or System.Net.Sockets.SocketException)
        {
            Break(failure);
        }
    }

    private void Break(Exception failure)
    {
        lock (gate)
        {
            broken ??= failure;
        }

        foreach (var id in pending.Keys)
        {
            if (pending.TryRemove(id, out var waiting))
            {
                waiting.TrySetException(Lost(failure));
            }
        }
    }

    private static HttpRequestException Lost(Exception failure) =>
        new(HttpRequestError.Unknown, $"The connection to the instance broke: {failure.Message}", failure);
}
