using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;

namespace Sagebrush.Server.Tests.Support;

/// <summary>
/// The real <c>sagebrush server</c> as a child process on a random loopback port with a temp data dir, so a test can
/// SIGKILL it mid-request and start it again on the same data dir. Disposing kills it and deletes the data dir.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    /// <summary>What <c>WaitForExit</c> reports for a process ended by SIGKILL (128 + 9).</summary>
    public const int KilledExitCode = 137;

    // Bounds, not expectations: a cold start on a busy two-core machine takes a few seconds.
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    // The test project references Sagebrush.Cli, so the build copies sagebrush.dll and its runtimeconfig beside us.
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "sagebrush.dll");

    private readonly StringBuilder output = new();
    private Process? process;

    private readonly string logLevel;

    private ServerProcess(string logLevel)
    {
        this.logLevel = logLevel;
    }

    public string DataDir { get; } = Directory.CreateTempSubdirectory("sagebrush-crash-").FullName;

    /// <summary>The object store's root: <c>tmp/</c>, <c>blobs/</c>, <c>uploads/</c> and <c>index.db</c>.</summary>
    public string ObjectsDir => Path.Combine(DataDir, "objects");

    public Uri Url { get; private set; } = null!;

    public string Endpoint => Url.ToString().TrimEnd('/');

    /// <summary>Everything the server printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <param name="logLevel">The server's log level; Warning keeps test output short, Information shows each request.</param>
    public static async Task<ServerProcess> StartAsync(string logLevel = "Warning")
    {
        var server = new ServerProcess(logLevel);
        try
        {
            await server.RunAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An AWSSDK.S3 client for the current process, which fails at once instead of retrying.</summary>
    public AmazonS3Client CreateS3Client() => new(
        new BasicAWSCredentials(SagebrushServerFixture.Credentials.AccessKeyId, SagebrushServerFixture.Credentials.SecretAccessKey),
        new AmazonS3Config
        {
            ServiceURL = Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromMinutes(1),
        });

    /// <summary>Sends SIGKILL, no shutdown of any kind, and returns the exit code once the process is gone.</summary>
    public async Task<int> KillAsync()
    {
        if (process is null)
        {
            throw new InvalidOperationException("the server is not running");
        }

        process.Kill(); // On Linux this is SIGKILL.
        return await WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM, as a service manager or container runtime would, and returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        ArgumentNullException.ThrowIfNull(process);
        if (SendSignal(process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, SIGTERM) failed");
        }

        return await WaitForExitAsync();
    }

    /// <summary>Waits (bounded) for the signalled process to end, releases it, and returns its exit code.</summary>
    private async Task<int> WaitForExitAsync()
    {
        using var limit = new CancellationTokenSource(ExitTimeout);
        await process!.WaitForExitAsync(limit.Token);
        var exitCode = process.ExitCode;
        process.Dispose();
        process = null;
        return exitCode;
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    /// <summary>Starts a new process on the same data dir (on a new port) and waits until it answers its health check.</summary>
    public async Task RestartAsync()
    {
        if (process is not null)
        {
            await KillAsync();
        }

        await RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await KillAsync();
        }

        Directory.Delete(DataDir, recursive: true);
    }

    private async Task RunAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDir,
        };
        foreach (var argument in new[] { Cli, "server", "--host", "127.0.0.1", "--port", "0", "--data-dir", DataDir })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SAGEBRUSH_ACCESS_KEY_ID"] = SagebrushServerFixture.Credentials.AccessKeyId;
        start.Environment["SAGEBRUSH_SECRET_ACCESS_KEY"] = SagebrushServerFixture.Credentials.SecretAccessKey;
        start.Environment["Logging__LogLevel__Default"] = logLevel;

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new Process { StartInfo = start, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, line) =>
        {
            Record(line.Data);
            if (line.Data is not null && ListeningLine().Match(line.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        started.ErrorDataReceived += (_, line) => Record(line.Data);
        started.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"sagebrush server exited before listening:\n{Output}"));
        if (!started.Start())
        {
            throw new InvalidOperationException("could not start dotnet sagebrush.dll");
        }

        process = started;
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();

        using var limit = new CancellationTokenSource(ReadyTimeout);
        try
        {
            Url = await listening.Task.WaitAsync(limit.Token);
            await WaitHealthyAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"sagebrush server was not ready within {ReadyTimeout}:\n{Output}");
        }
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var health = new Uri(Url, "_sagebrush/health");
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(health, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not accepting yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private void Record(string? line)
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

    [GeneratedRegex(@"^Sagebrush is listening on (http://\S+/) ")]
    private static partial Regex ListeningLine();
}
