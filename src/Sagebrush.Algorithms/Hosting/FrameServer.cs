using System.Buffers;
using System.Net.Sockets;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Core.Hosting.Frames;

namespace Sagebrush.Algorithms.Hosting;

/// <summary>
/// The router's fast way in, beside HTTP on the contract's port: <see cref="InvocationFrames"/> on an abstract Unix
/// socket of the instance's network namespace (named by SAGEBRUSH_FRAMES_SOCKET; cheaper than loopback TCP). Each connection has a thread of its own; its calls run in the order they arrive, and
/// every answer a read produced goes out in one write: under load, one wake-up of this process serves a batch of
/// calls. The router opens one connection per vCPU, so the instance's cores all work.
/// </summary>
internal sealed class FrameServer(IPredictor predictor, string socketName, int maxBodyBytes) : IDisposable
{
    public const string SocketVariable = "SAGEBRUSH_FRAMES_SOCKET";

    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource stopping = new();

    /// <summary>The abstract socket name the server gave, or null when it gave none (HTTP only).</summary>
    public static string? SocketNameFromEnvironment() =>
        Environment.GetEnvironmentVariable(SocketVariable) is { Length: > 0 and < 100 } name ? name : null;

    public void Start()
    {
        // An abstract name: it lives in this network namespace, not on any file system.
        listener.Bind(new UnixDomainSocketEndPoint("\0" + socketName));
        listener.Listen(64);
        _ = Task.Run(AcceptAsync);
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Dispose();
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(stopping.Token);
            }
            catch (Exception stopped) when (stopped is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            // A thread of its own, blocking in recv: data from the router wakes exactly the thread that answers it
            // (no event-loop thread handing over to a pool worker), and a read that finds several calls answers them all.
            new Thread(() => Serve(connection)) { IsBackground = true, Name = "frames" }.Start();
        }
    }

    private void Serve(Socket connection)
    {
        var maxFrame = maxBodyBytes + 3 * InvocationFrames.MaxStringBytes + 64;
        var buffer = new byte[64 * 1024];
        var filled = 0;
        var answers = new ArrayBufferWriter<byte>(16 * 1024);
        using (connection)
        {
            try
            {
                while (true)
                {
                    if (filled == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2); // a frame larger than the buffer (checked against maxFrame below)
                    }

                    var read = connection.Receive(buffer, filled, buffer.Length - filled, SocketFlags.None);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                    var frames = new ReadOnlySequence<byte>(buffer, 0, filled);
                    while (InvocationFrames.TryRead(ref frames, maxFrame, out var request, out var body))
                    {
                        InvocationFrames.Write(answers, Answer(request, body));
                    }

                    var consumed = filled - (int)frames.Length;
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                    if (answers.WrittenCount > 0)
                    {
                        SendAll(connection, answers.WrittenSpan);
                        answers.ResetWrittenCount();
                    }
                }
            }
            catch (Exception ended) when (ended is SocketException or ObjectDisposedException or InvalidDataException)
            {
                // The router went away, the server is stopping, or the peer broke the framing: this connection ends.
            }
        }
    }

    private static void SendAll(Socket connection, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            data = data[connection.Send(data)..];
        }
    }

    private InvocationFrames.Response Answer(in InvocationFrames.Request request, ReadOnlySequence<byte> body)
    {
        byte[]? rented = null;
        try
        {
            ReadOnlyMemory<byte> memory;
            if (body.IsSingleSegment)
            {
                memory = body.First;
            }
            else
            {
                rented = ArrayPool<byte>.Shared.Rent((int)body.Length);
                body.CopyTo(rented);
                memory = rented.AsMemory(0, (int)body.Length);
            }

            var result = InvocationsHandler.Predict(predictor, memory, request.ContentType, request.Accept);
            return new InvocationFrames.Response(request.Id, result.Status, result.ContentType, null, result.Body);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
