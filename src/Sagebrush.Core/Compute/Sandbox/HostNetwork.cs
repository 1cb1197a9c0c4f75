using System.Net;
using System.Net.Sockets;

namespace Sagebrush.Core.Compute.Sandbox;

/// <summary>
/// Where a job's hosts (or one endpoint instance) listen, and how the server reaches them: the host's own loopback
/// (<see cref="Shared"/>, where the launcher cannot make network namespaces), or a private network namespace that
/// has nothing but a loopback interface (<see cref="NetworkNamespace"/>): hosts in it reach each other, and nothing
/// else reaches them or is reached by them. The server connects into it with sockets made inside it.
/// </summary>
public abstract class HostNetwork : IAsyncDisposable
{
    /// <summary>The machine's loopback, shared with the server and every other process.</summary>
    public static HostNetwork Shared { get; } = new SharedLoopback();

    /// <summary>Whether this network is the job's alone.</summary>
    public abstract bool IsPrivate { get; }

    /// <summary>Connects to <c>127.0.0.1:port</c> as a host on this network sees it.</summary>
    public async ValueTask<Stream> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var socket = CreateSocket(AddressFamily.InterNetwork);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Connects to the abstract Unix socket <paramref name="name"/> as a host on this network sees it. Abstract names
    /// belong to a network namespace and to no file system: nothing a host leaves on disk can redirect the connection.
    /// </summary>
    public async ValueTask<Stream> ConnectAbstractAsync(string name, CancellationToken cancellationToken)
    {
        var socket = CreateSocket(AddressFamily.Unix);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint("\0" + name), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Listens on <c>127.0.0.1:port</c> as a host on this network sees it: the server's end of a relay that offers a
    /// host one service of the server's (a notebook's way to the Sagebrush API), and nothing else of the machine.
    /// </summary>
    public Socket Listen(int port)
    {
        var socket = CreateSocket(AddressFamily.InterNetwork);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen(64);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>A stream socket (TCP or Unix) that belongs to this network.</summary>
    protected abstract Socket CreateSocket(AddressFamily family);

    /// <summary>A stream socket of <paramref name="family"/>: TCP for internet addresses.</summary>
    protected static Socket NewStreamSocket(AddressFamily family) =>
        new(family, SocketType.Stream, family == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Tcp);

    private sealed class SharedLoopback : HostNetwork
    {
        public override bool IsPrivate => false;

        protected override Socket CreateSocket(AddressFamily family) => NewStreamSocket(family);

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
