using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Sagebrush.Core.Ecr;

/// <summary>
/// The registry that holds ECR's images: Debian's <c>docker-registry</c> (the Distribution project's registry),
/// started on first use and listening on a Unix socket in the server's data directory, never on an IP port, so that only
/// the server reaches it; the server checks ECR's tokens and repositories in front of it (the registry proxy). Images
/// live under <c>&lt;data-dir&gt;/ecr/storage</c>. If the registry exits it is started again on the next use; it dies with
/// the server, however the server dies (<c>setpriv --pdeathsig KILL</c>, started from a thread that lives as long as the
/// server), so no registry outlives it.
/// </summary>
public sealed class RegistryServer(string directory, ILogger<RegistryServer>? logger = null, string program = RegistryServer.DefaultProgram) : IAsyncDisposable
{
    public const string DefaultProgram = "/usr/bin/docker-registry";

    private const string Setpriv = "/usr/bin/setpriv";

    private readonly SemaphoreSlim starting = new(1, 1);
    private readonly Compute.SpawnThread spawner = new();
    private Process? process;
    private HttpMessageInvoker? invoker;

    public string StorageRoot => Path.Combine(directory, "storage");

    public string SocketPath => Path.Combine(directory, "registry.sock");

    /// <summary>Null when the registry can run here; otherwise what to install.</summary>
    public string? Unavailable => File.Exists(program) ? null : $"the image registry ({program}) is not installed: install Debian's docker-registry package";

    /// <summary>A client of the running registry (started now if it is not running).</summary>
    public async Task<HttpMessageInvoker> InvokerAsync(CancellationToken cancellationToken)
    {
        if (process is { HasExited: false } && invoker is not null)
        {
            return invoker;
        }

        await starting.WaitAsync(cancellationToken);
        try
        {
            if (process is { HasExited: false } && invoker is not null)
            {
                return invoker;
            }

            await StartAsync(cancellationToken);
            return invoker!;
        }
        finally
        {
            starting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { } running)
        {
            try
            {
                running.Kill();
                await running.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
            }

            running.Dispose();
        }

        invoker?.Dispose();
        spawner.Dispose();
        starting.Dispose();
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Unavailable is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        if (SocketPath.Length > 100)
        {
            throw new InvalidOperationException($"The registry's socket path {SocketPath} is longer than a Unix socket allows: use a shorter data directory.");
        }

        Directory.CreateDirectory(StorageRoot);
        File.Delete(SocketPath);
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, Config(), cancellationToken);
        var start = new ProcessStartInfo(File.Exists(Setpriv) ? Setpriv : program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (File.Exists(Setpriv))
        {
            start.ArgumentList.Add("--pdeathsig");
            start.ArgumentList.Add("KILL");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(program);
        }

        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        var started = await spawner.StartAsync(start);
        started.OutputDataReceived += (_, e) => Log(e.Data);
        started.ErrorDataReceived += (_, e) => Log(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process?.Dispose();
        process = started;
        invoker ??= new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        });

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(SocketPath))
        {
            if (started.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("docker-registry did not start listening (see the server's log).");
            }

            await Task.Delay(20, cancellationToken);
        }

        logger?.LogInformation("Image registry: docker-registry serves ECR's repositories from {Storage}", StorageRoot);
    }

    private void Log(string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            logger?.LogDebug("docker-registry: {Line}", line);
        }
    }

    // Relative URLs: the registry's Location headers then hold whatever address the client used for the server.
    private string Config() => $"""
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: {StorageRoot}
          delete:
            enabled: true
        http:
          net: unix
          addr: {SocketPath}
          relativeurls: true
        """;
}
