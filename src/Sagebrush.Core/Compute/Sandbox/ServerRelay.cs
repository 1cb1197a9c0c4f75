using System.Net.Sockets;

namespace Sagebrush.Core.Compute.Sandbox;

/// <summary>
/// Offers the hosts of a private network one service of the server's and nothing else: it listens on
/// <c>127.0.0.1:port</c> inside the network (<see cref="HostNetwork.Listen"/>) and joins each connection to the
/// server's own address, byte for byte. A notebook reaches the Sagebrush API this way (every call still signed and
/// checked); the rest of the machine's loopback stays out of its reach.
/// </summary>
public sealed class ServerRelay : IAsyncDisposable
{
    private readonly Socket listener;
    private readonly Uri server;
    private readonly CancellationTokenSource closing = new();
    private readonly Task accepting;

    private ServerRelay(Socket listener, Uri server)
    {
        this.listener = listener;
        this.server = server;
        accepting = Task.Run(AcceptAsync);
    }

    public static ServerRelay Start(HostNetwork network, int port, Uri server)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(server);
        return new ServerRelay(network.Listen(port), server);
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync();
        listener.Dispose();
        await accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        closing.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!closing.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(closing.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => JoinAsync(client));
        }
    }

    private async Task JoinAsync(Socket client)
    {
        using (client)
        using (var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                client.NoDelay = true;
                upstream.NoDelay = true;
                await upstream.ConnectAsync(server.Host, server.Port, closing.Token);
                await using var inside = new NetworkStream(client, ownsSocket: false);
                await using var outside = new NetworkStream(upstream, ownsSocket: false);
                var toServer = CopyThenShutAsync(inside, upstream);
                var toHost = CopyThenShutAsync(outside, client);
                await Task.WhenAll(toServer, toHost);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Either side hung up; the other end sees the connection close.
            }
        }
    }

    private async Task CopyThenShutAsync(Stream from, Socket to)
    {
        await using var sink = new NetworkStream(to, ownsSocket: false);
        await from.CopyToAsync(sink, closing.Token);
        to.Shutdown(SocketShutdown.Send);
    }
}
