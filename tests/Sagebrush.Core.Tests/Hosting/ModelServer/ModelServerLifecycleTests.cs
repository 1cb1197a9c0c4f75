using System.Net;
using System.Net.Sockets;

namespace Sagebrush.Core.Tests.Hosting.ModelServer;

/// <summary>Starting, failing to start, keep-alive and stopping, as the endpoint's instances rely on them.</summary>
public sealed class ModelServerLifecycleTests : IDisposable
{
    private const string EchoModel = """
        def model_fn(model_dir):
            return "echo"

        def transform_fn(model, request_body, content_type, accept):
            return request_body, content_type
        """;

    private readonly ModelDirectory model = new();

    [Fact]
    public async Task AModelFnThatRaisesEndsTheProcessWithTheTracebackOnStandardError()
    {
        model.WriteScript("""
            def model_fn(model_dir):
                raise RuntimeError("no model in " + model_dir)
            """);
        await using var server = model.LaunchServer("sklearn");

        var exitCode = await server.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Traceback (most recent call last)", server.StandardError, StringComparison.Ordinal);
        Assert.Contains($"RuntimeError: no model in {model.Path}", server.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAModelFnTheScikitLearnDefaultsAskForOne()
    {
        await using var server = model.LaunchServer("sklearn", program: null);

        Assert.NotEqual(0, await server.WaitForExitAsync());
        Assert.Contains("Please provide a model_fn implementation", server.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePyTorchDefaultsFailClearlyWhenTheyCannotLoadAModel()
    {
        // torch is not installed for /usr/bin/python3 here; either way there is no model.pt to load.
        await using var server = model.LaunchServer("pytorch", program: null);

        Assert.NotEqual(0, await server.WaitForExitAsync());
        Assert.Contains("PyTorch", server.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PingAnswers503UntilModelFnReturns()
    {
        model.WriteScript("""
            import os, time

            def model_fn(model_dir):
                while not os.path.exists(os.path.join(model_dir, "go")):
                    time.sleep(0.05)
                return "ready"
            """);
        await using var server = model.LaunchServer("sklearn");
        using var client = Invocations.Client(server);

        var loading = await PingUntilAnsweredAsync(client);
        await File.WriteAllTextAsync(Path.Combine(model.Path, "go"), "");
        await server.WaitForPingAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, loading);
    }

    [Fact]
    public async Task SigtermWhileModelFnRunsEndsTheServerWithExitCodeZero()
    {
        model.WriteScript("""
            import time

            def model_fn(model_dir):
                time.sleep(600)
            """);
        await using var server = model.LaunchServer("sklearn");
        using var client = Invocations.Client(server);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await PingUntilAnsweredAsync(client));
        Assert.Equal(0, await server.TerminateAsync());
    }

    [Fact]
    public async Task ManySequentialRequestsShareOneKeptAliveConnection()
    {
        model.WriteScript(EchoModel);
        await using var server = await model.StartServerAsync("sklearn");
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };

        for (var i = 0; i < 200; i++)
        {
            using var response = await Invocations.PostAsync(client, $"request {i}", "text/plain");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"request {i}", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, connections);
    }

    [Fact]
    public async Task SigtermEndsTheServerWithExitCodeZeroEvenWithAnIdleConnectionOpen()
    {
        model.WriteScript(EchoModel);
        await using var server = await model.StartServerAsync("sklearn");
        using var client = Invocations.Client(server);
        using var response = await Invocations.PostAsync(client, "hello", "text/plain");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Equal(0, await server.TerminateAsync());
    }

    private static async Task<HttpStatusCode> PingUntilAnsweredAsync(HttpClient client)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("ping", UriKind.Relative), limit.Token);
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), limit.Token);
            }
        }
    }

    public void Dispose() => model.Dispose();
}
