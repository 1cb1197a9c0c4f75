using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sagebrush.Core.Hosting.Frames;

namespace Sagebrush.Core.Tests.Hosting.Frames;

/// <summary>The router's side of the framed connection, against a stand-in model server on a loopback port.</summary>
public sealed class FrameConnectionTests : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> accepted = [];

    public FrameConnectionTests() => listener.Start();

    private int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    [Fact]
    public async Task CallsAnsweredOutOfOrderEachGetTheirOwnAnswer()
    {
        // The stand-in waits for all eight calls, then answers them last first, each with its own body upper-cased.
        var server = ServeAsync(async (socket, requests) =>
        {
            var all = await ReadRequestsAsync(socket, requests, 8);
            var answers = new ArrayBufferWriter<byte>();
            foreach (var (request, body) in all.AsEnumerable().Reverse())
            {
                InvocationFrames.Write(answers, new InvocationFrames.Response(request.Id, 200, request.Accept, null, Encoding.UTF8.GetBytes(body.ToUpperInvariant())));
            }

            await socket.SendAsync(answers.WrittenMemory);
        });
        await using var connection = await ConnectAsync();

        var calls = Enumerable.Range(0, 8).Select(i => connection.SendAsync(Encoding.UTF8.GetBytes($"call {i}"), "text/plain", $"type/{i}", null, CancellationToken.None)).ToList();
        var answers = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));

        for (var i = 0; i < 8; i++)
        {
            Assert.Equal((200, $"type/{i}", $"CALL {i}"), (answers[i].Status, answers[i].ContentType, Encoding.UTF8.GetString(answers[i].Body.Span)));
        }

        Assert.Equal(0, connection.Pending);
        await server;
    }

    [Fact]
    public async Task AnInstanceThatDiesFailsTheCallsItHeldAsLostNotAsUnreachable()
    {
        var server = ServeAsync(async (socket, requests) =>
        {
            await ReadRequestsAsync(socket, requests, 2);
            socket.Close(); // killed with two calls in hand
        });
        await using var connection = await ConnectAsync();

        var calls = Enumerable.Range(0, 2).Select(_ => connection.SendAsync("1,2"u8.ToArray(), "text/csv", null, null, CancellationToken.None)).ToList();

        foreach (var call in calls)
        {
            var lost = await Assert.ThrowsAsync<HttpRequestException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.NotEqual(HttpRequestError.ConnectionError, lost.HttpRequestError); // it may have run: not retried elsewhere
        }

        Assert.True(connection.IsBroken);
        await Assert.ThrowsAsync<HttpRequestException>(() => connection.SendAsync("1"u8.ToArray(), null, null, null, CancellationToken.None));
        await server;
    }

    [Fact]
    public async Task ACanceledCallLeavesTheOthersToBeAnswered()
    {
        var server = ServeAsync(async (socket, requests) =>
        {
            var all = await ReadRequestsAsync(socket, requests, 2);
            var answers = new ArrayBufferWriter<byte>();
            InvocationFrames.Write(answers, new InvocationFrames.Response(all[0].Request.Id, 200, null, null, "late"u8.ToArray()));
            InvocationFrames.Write(answers, new InvocationFrames.Response(all[1].Request.Id, 200, null, null, "kept"u8.ToArray()));
            await socket.SendAsync(answers.WrittenMemory);
        });
        await using var connection = await ConnectAsync();
        using var give = new CancellationTokenSource();

        var abandoned = connection.SendAsync("a"u8.ToArray(), null, null, null, give.Token);
        await give.CancelAsync();
        var kept = connection.SendAsync("b"u8.ToArray(), null, null, null, CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal("kept", Encoding.UTF8.GetString((await kept.WaitAsync(TimeSpan.FromSeconds(10))).Body.Span));
        Assert.False(connection.IsBroken);
        await server;
    }

    [Fact]
    public async Task AnAnswerOverTheLimitBreaksTheConnection()
    {
        var server = ServeAsync(async (socket, requests) =>
        {
            var all = await ReadRequestsAsync(socket, requests, 1);
            var answers = new ArrayBufferWriter<byte>();
            InvocationFrames.Write(answers, new InvocationFrames.Response(all[0].Request.Id, 200, null, null, new byte[64 * 1024]));
            await socket.SendAsync(answers.WrittenMemory);
        });
        await using var connection = await ConnectAsync(maxFrameBytes: 1024);

        var call = connection.SendAsync("x"u8.ToArray(), null, null, null, CancellationToken.None);

        await Assert.ThrowsAsync<HttpRequestException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(connection.IsBroken);
        await server;
    }

    [Fact]
    public async Task NoListenerIsAConnectionErrorTheRouterMayRetryElsewhere()
    {
        var port = Port;
        listener.Stop();
        await using var connections = new FrameConnections(async token => await ConnectStreamAsync(port, token), 2, 1024);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(async () => await connections.GetAsync(CancellationToken.None));

        Assert.Equal(HttpRequestError.ConnectionError, refused.HttpRequestError);
    }

    [Fact]
    public async Task ConnectionsOfARunThatEndedRefuseLikeAnUnreachableInstance()
    {
        var server = ServeAsync(async (socket, requests) => await ReadRequestsAsync(socket, requests, 1));
        var connections = new FrameConnections(async token => await ConnectStreamAsync(Port, token), 1, 1024);
        var connection = await connections.GetAsync(CancellationToken.None);
        var inFlight = connection.SendAsync("x"u8.ToArray(), null, null, null, CancellationToken.None);
        await server;

        await connections.DisposeAsync(); // the process died: its run's connections are disposed

        var lost = await Assert.ThrowsAsync<HttpRequestException>(() => inFlight.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.NotEqual(HttpRequestError.ConnectionError, lost.HttpRequestError);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(async () => await connections.GetAsync(CancellationToken.None));
        Assert.Equal(HttpRequestError.ConnectionError, refused.HttpRequestError);
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        foreach (var socket in accepted)
        {
            socket.Dispose();
        }

        await Task.CompletedTask;
    }

    private async Task<FrameConnection> ConnectAsync(int maxFrameBytes = 1 << 20) =>
        new(await ConnectStreamAsync(Port, CancellationToken.None), maxFrameBytes);

    private static async Task<Stream> ConnectStreamAsync(int port, CancellationToken token)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), token);
        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Accepts one connection and runs <paramref name="serve"/> on it with a buffer of what it has read.</summary>
    private Task ServeAsync(Func<Socket, Pending, Task> serve) => Task.Run(async () =>
    {
        var socket = await listener.AcceptSocketAsync();
        accepted.Add(socket);
        await serve(socket, new Pending());
    });

    private static async Task<List<(InvocationFrames.Request Request, string Body)>> ReadRequestsAsync(Socket socket, Pending pending, int count)
    {
        var found = new List<(InvocationFrames.Request, string)>();
        var chunk = new byte[4096];
        while (found.Count < count)
        {
            var read = await socket.ReceiveAsync(chunk);
            Assert.NotEqual(0, read);
            pending.Bytes.AddRange(chunk.AsSpan(0, read));
            var frames = new ReadOnlySequence<byte>(pending.Bytes.ToArray());
            var before = frames.Length;
            while (InvocationFrames.TryRead(ref frames, 1 << 20, out var request, out var body))
            {
                found.Add((request, Encoding.UTF8.GetString(body)));
            }

            pending.Bytes.RemoveRange(0, (int)(before - frames.Length));
        }

        return found;
    }

    private sealed class Pending
    {
        public List<byte> Bytes { get; } = [];
    }
}
