using System.Net.Sockets;

namespace Sagebrush.Core.Hosting.Frames;

/// <summary>
/// The frame connections to one run of a built-in model server: one per vCPU (the server answers each connection's
/// calls in order, so this is how all its cores work), made when first needed and again after one breaks. A failure
/// to connect is <see cref="HttpRequestException"/> with <see cref="HttpRequestError.ConnectionError"/>, as on the
/// HTTP path: nothing reached the instance, so the router may send the call elsewhere.
/// </summary>
public sealed class FrameConnections(Func<CancellationToken, ValueTask<Stream>> connect, int count, int maxFrameBytes) : IAsyncDisposable
{
    private readonly FrameConnection?[] connections = new FrameConnection?[Math.Max(1, count)];
    private readonly SemaphoreSlim connecting = new(1, 1);
    private int next;
    private volatile bool disposed;

    public async ValueTask<FrameConnection> GetAsync(CancellationToken cancellationToken)
    {
        var slot = (int)((uint)Interlocked.Increment(ref next) % (uint)connections.Length);
        if (Volatile.Read(ref connections[slot]) is { IsBroken: false } live)
        {
            return live;
        }

        await connecting.WaitAsync(cancellationToken);
        try
        {
            if (disposed)
            {
                // The run this belonged to has ended (the process died or was stopped): as unreachable as a refused connect.
                throw new HttpRequestException(HttpRequestError.ConnectionError, "The instance's process is no longer running.");
            }

            if (connections[slot] is { IsBroken: false } made)
            {
                return made; // another call connected it meanwhile
            }

            Stream stream;
            try
            {
                stream = await connect(cancellationToken);
            }
            catch (Exception refused) when (refused is SocketException or IOException or ObjectDisposedException)
            {
                // Refused, or the run's network is already gone: nothing reached the instance.
                throw new HttpRequestException(HttpRequestError.ConnectionError, $"Could not connect to the instance: {refused.Message}", refused);
            }

            var old = connections[slot];
            var connection = new FrameConnection(stream, maxFrameBytes);
            Volatile.Write(ref connections[slot], connection);
            if (old is not null)
            {
                await old.DisposeAsync();
            }

            return connection;
        }
        finally
        {
            connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await connecting.WaitAsync();
        try
        {
            disposed = true;
            foreach (var connection in connections)
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }
        }
        finally
        {
            connecting.Release(); // left undisposed (it holds no wait handle): a late GetAsync still gets a clean refusal
        }
    }
}
