using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sagebrush.Core.Compute;

namespace Sagebrush.Core.Tests.Hosting.ModelServer;

/// <summary>
/// A server process that obeys the SageMaker hosting contract (GET /ping, POST /invocations) on a free loopback port,
/// passed to it in an environment variable. <see cref="StartAsync"/> waits until /ping answers 200; disposing kills
/// the process if it is still running.
/// </summary>
public sealed class PingableProcess : IAsyncDisposable
{
    // Bounds, not expectations: a cold Python start with numpy and scikit-learn on a busy two-core machine is slow.
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly StringBuilder standardOutput = new();
    private readonly StringBuilder standardError = new();
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PingableProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => process.Id;

    public string StandardOutput => Read(standardOutput);

    public string StandardError => Read(standardError);

    /// <summary>Starts the process with the port in <paramref name="portVariable"/> and waits for /ping to answer 200.</summary>
    public static async Task<PingableProcess> StartAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string portVariable = "SAGEMAKER_BIND_TO_PORT")
    {
        var started = Launch(fileName, arguments, environment, portVariable);
        try
        {
            await started.WaitForPingAsync();
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the process without waiting for it, for tests of a process that is expected to fail or to load slowly.</summary>
    public static PingableProcess Launch(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string portVariable = "SAGEMAKER_BIND_TO_PORT")
    {
        var port = FreePort();
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment[portVariable] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var started = new PingableProcess(process, port);
        process.OutputDataReceived += (_, line) => Append(started.standardOutput, line.Data);
        process.ErrorDataReceived += (_, line) => Append(started.standardError, line.Data);
        process.Exited += (_, _) => started.exited.TrySetResult();
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {fileName}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Polls GET /ping until it answers 200; fails with the process's output if it exits or takes too long.</summary>
    public async Task WaitForPingAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var limit = new CancellationTokenSource(ReadyTimeout);
        while (!limit.IsCancellationRequested)
        {
            if (exited.Task.IsCompleted)
            {
                await WaitForExitAsync();
                throw new InvalidOperationException($"the process exited with {process.ExitCode} before /ping answered:\n{StandardError}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("ping", UriKind.Relative), limit.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }

        throw new TimeoutException($"/ping did not answer 200 within {ReadyTimeout}:\n{StandardError}");
    }

    /// <summary>Sends SIGTERM, as the hosting side does to stop an instance, and returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        ProcessGroups.Signal(process.Id, ProcessGroups.SigTerm);
        return await WaitForExitAsync();
    }

    /// <summary>Waits (bounded) for the process to end and returns its exit code, with all its output read.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var limit = new CancellationTokenSource(ExitTimeout);
        await process.WaitForExitAsync(limit.Token); // also waits for the redirected streams to end
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await WaitForExitAsync();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        // The port is free when we look; the process binds it a moment later, and nothing else here races for it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
