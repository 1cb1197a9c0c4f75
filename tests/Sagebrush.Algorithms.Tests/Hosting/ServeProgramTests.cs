using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Sagebrush.Algorithms.Tests.Support;

namespace Sagebrush.Algorithms.Tests.Hosting;

/// <summary>
/// <c>serve</c> as a process on a free port, with a model Python xgboost trained and saved (breast cancer data):
/// /ping, /invocations in the container's formats, its errors, and a clean exit on SIGTERM.
/// </summary>
public sealed class ServeProgramTests : IAsyncLifetime
{
    private const string TrainScript = """
        import json, sys
        import numpy as np, xgboost as xgb
        data = np.loadtxt("/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv", delimiter=",", skiprows=1, dtype=np.float32)
        x, y = data[:, :-1], data[:, -1]
        booster = xgb.train({"objective": "binary:logistic", "max_depth": 3, "nthread": 1}, xgb.DMatrix(x, label=y), 10)
        booster.save_model(sys.argv[1] + "/xgboost-model")
        print(json.dumps({"rows": [",".join(repr(float(v)) for v in row) for row in x[:5]], "predictions": booster.predict(xgb.DMatrix(x[:5])).tolist()}))
        """;

    private readonly Workspace _workspace = new();
    private ServeProcess? _server;
    private string[] _rows = [];
    private double[] _expected = [];

    public async Task InitializeAsync()
    {
        using var reference = JsonDocument.Parse(await Python.RunAsync(TrainScript, _workspace.Paths.Model));
        _rows = [.. reference.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetString()!)];
        _expected = [.. reference.RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetDouble())];
        _server = await ServeProcess.StartAsync("xgboost", _workspace.Paths.Model);
    }

    [Fact]
    public async Task CsvRowsGetTheScoresPythonComputesAsOneCsvLine()
    {
        var (status, type, body) = await InvokeAsync(string.Join('\n', _rows), "text/csv", accept: null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/csv", type);
        var scores = body.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(_expected.Length, scores.Length);
        for (var i = 0; i < scores.Length; i++)
        {
            Assert.Equal(_expected[i], scores[i], 1e-6);
        }
    }

    [Fact]
    public async Task JsonAndJsonLinesAreTheContainersShapes()
    {
        var (_, jsonType, json) = await InvokeAsync(_rows[0] + "\n" + _rows[1], "text/csv", "application/json");
        var (_, linesType, lines) = await InvokeAsync(_rows[0] + "\n" + _rows[1], "text/csv; charset=utf-8", "application/jsonlines");

        Assert.Equal("application/json", jsonType);
        Assert.Matches(@"^\{""predictions"": \[\{""score"": [0-9.e-]+\}, \{""score"": [0-9.e-]+\}\]\}$", json);
        Assert.Equal("application/jsonlines", linesType);
        Assert.Matches(@"^\{""score"": [0-9.e-]+\}\n\{""score"": [0-9.e-]+\}\n$", lines);
    }

    [Fact]
    public async Task LibSvmRowsArePredictedLikeTheSameDenseRows()
    {
        var libsvm = string.Join(' ', _rows[0].Split(',').Select((v, i) => $"{i}:{v}"));

        var (status, _, body) = await InvokeAsync(libsvm, "text/libsvm", "text/csv");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(_expected[0], double.Parse(body, CultureInfo.InvariantCulture), 1e-6);
    }

    [Fact]
    public async Task UnsupportedContentTypesAre415AndAcceptsAre406()
    {
        var (protobuf, _, message) = await InvokeAsync(_rows[0], "application/x-recordio-protobuf", null);
        var (html, _, _) = await InvokeAsync(_rows[0], "text/csv", "text/html");
        var (garbage, _, _) = await InvokeAsync("a,b,c", "text/csv", null);
        var (wide, _, _) = await InvokeAsync(_rows[0] + ",1,2", "text/csv", null);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, protobuf);
        Assert.Contains("text/csv, text/libsvm", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotAcceptable, html);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, garbage);
        Assert.Equal(HttpStatusCode.BadRequest, wide);
    }

    [Fact]
    public async Task ManyConcurrentRequestsAllGetTheirOwnAnswers()
    {
        var tasks = Enumerable.Range(0, 64).Select(i => InvokeAsync(_rows[i % _rows.Length], "text/csv", null)).ToList();

        var results = await Task.WhenAll(tasks);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(_expected[i % _rows.Length], double.Parse(results[i].Body, CultureInfo.InvariantCulture), 1e-6);
        }
    }

    [Fact]
    public async Task FramedCallsSentInOneWriteAreAnsweredLikeHttpInOneBatch()
    {
        var framesSocket = "sagebrush-test-frames-" + Guid.NewGuid().ToString("N");
        await using var server = await ServeProcess.StartAsync("xgboost", _workspace.Paths.Model, new Dictionary<string, string> { ["SAGEBRUSH_FRAMES_SOCKET"] = framesSocket });
        using var socket = await ConnectFramesAsync(framesSocket);
        var requests = new System.Buffers.ArrayBufferWriter<byte>();
        Sagebrush.Core.Hosting.Frames.InvocationFrames.Write(requests, new Sagebrush.Core.Hosting.Frames.InvocationFrames.Request(11, "text/csv", null, null, Encoding.UTF8.GetBytes(_rows[0])));
        Sagebrush.Core.Hosting.Frames.InvocationFrames.Write(requests, new Sagebrush.Core.Hosting.Frames.InvocationFrames.Request(12, "text/csv", "application/json", null, Encoding.UTF8.GetBytes(_rows[1])));
        Sagebrush.Core.Hosting.Frames.InvocationFrames.Write(requests, new Sagebrush.Core.Hosting.Frames.InvocationFrames.Request(13, "application/x-recordio-protobuf", null, null, Encoding.UTF8.GetBytes(_rows[2])));

        await socket.SendAsync(requests.WrittenMemory);
        var answers = await ReadFramesAsync(socket, 3);

        Assert.Equal([11u, 12u, 13u], answers.Select(a => a.Id));
        Assert.Equal((200, "text/csv"), (answers[0].Status, answers[0].ContentType));
        Assert.Equal(_expected[0], double.Parse(Encoding.UTF8.GetString(answers[0].Body.Span), CultureInfo.InvariantCulture), 1e-6);
        Assert.Equal((200, "application/json"), (answers[1].Status, answers[1].ContentType));
        Assert.Contains("\"score\"", Encoding.UTF8.GetString(answers[1].Body.Span), StringComparison.Ordinal);
        Assert.Equal(415, answers[2].Status);
        Assert.Contains("text/csv, text/libsvm", Encoding.UTF8.GetString(answers[2].Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedFrameClosesOnlyItsOwnConnection()
    {
        var framesSocket = "sagebrush-test-frames-" + Guid.NewGuid().ToString("N");
        await using var server = await ServeProcess.StartAsync("xgboost", _workspace.Paths.Model, new Dictionary<string, string> { ["SAGEBRUSH_FRAMES_SOCKET"] = framesSocket });
        using var forger = await ConnectFramesAsync(framesSocket);

        await forger.SendAsync(new byte[] { 0xff, 0xff, 0xff, 0x7f, 1, 0, 0, 0 }); // a 2 GB frame
        var closed = await forger.ReceiveAsync(new byte[16]).WaitAsync(TimeSpan.FromSeconds(30));
        var (status, _, body) = await server.InvokeAsync(_rows[0], "text/csv", null);

        Assert.Equal(0, closed);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(_expected[0], double.Parse(body, CultureInfo.InvariantCulture), 1e-6);
    }

    /// <summary>The serving program's abstract socket (its name in no file system), as the router connects to it.</summary>
    private static async Task<System.Net.Sockets.Socket> ConnectFramesAsync(string name)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint("\0" + name));
        return socket;
    }

    private static async Task<List<Sagebrush.Core.Hosting.Frames.InvocationFrames.Response>> ReadFramesAsync(System.Net.Sockets.Socket socket, int count)
    {
        var answers = new List<Sagebrush.Core.Hosting.Frames.InvocationFrames.Response>();
        var received = new List<byte>();
        var chunk = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (answers.Count < count)
        {
            var read = await socket.ReceiveAsync(chunk, timeout.Token);
            Assert.NotEqual(0, read);
            received.AddRange(chunk.AsSpan(0, read));
            var frames = new System.Buffers.ReadOnlySequence<byte>(received.ToArray());
            var before = frames.Length;
            while (Sagebrush.Core.Hosting.Frames.InvocationFrames.TryRead(ref frames, 1 << 20, out Sagebrush.Core.Hosting.Frames.InvocationFrames.Response answer))
            {
                answers.Add(answer);
            }

            received.RemoveRange(0, (int)(before - frames.Length));
        }

        return answers;
    }

    [Fact]
    public async Task SigtermStopsTheServerWithExitCode0()
    {
        var port = AlgorithmsProcess.FreePort();
        var environment = new Dictionary<string, string> { ["SAGEMAKER_BIND_TO_PORT"] = port.ToString(CultureInfo.InvariantCulture), ["SM_MODEL_DIR"] = _workspace.Paths.Model };
        using var server = Process.Start(AlgorithmsProcess.StartInfo("xgboost", "serve", environment))!;
        var started = new TaskCompletionSource();
        server.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("serving xgboost", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, Kill(server.Id, 15));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await server.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, server.ExitCode);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _workspace.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private Task<(HttpStatusCode Status, string? ContentType, string Body)> InvokeAsync(string body, string contentType, string? accept) =>
        _server!.InvokeAsync(body, contentType, accept);
}
