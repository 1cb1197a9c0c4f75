using System.Globalization;
using System.Net;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Compute.Sandbox;
using Sagebrush.Core.Hosting.Frames;
using Sagebrush.Core.Logs;

namespace Sagebrush.Core.Hosting.Instances;

/// <summary>
/// One instance of a production variant: a model-server process started through an <see cref="IHostLauncher"/>
/// (sandboxed, its own process group, dies with the server) and supervised. Each start gets a network of its own
/// from the launcher, where the server listens on port 8080 as SageMaker's containers do, and the server reaches it
/// through that network (<see cref="HostNetwork.ConnectAsync"/>); where the launcher has no private networks, a free
/// loopback port. It is in
/// rotation (<see cref="IsHealthy"/>) once GET /ping answers 200. When the process dies it leaves rotation and is
/// started again (with a growing pause between attempts) until /ping answers again; when a healthy instance stops
/// answering /ping or the router cannot connect to it, it leaves rotation until /ping answers.
/// The first start is different: if the process exits or does not answer /ping in time, <see cref="StartAsync"/>
/// fails with the FailureReason SageMaker gives, quoting the process's last standard-error lines.
/// </summary>
public sealed class ModelInstance : IAsyncDisposable
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    /// <summary>A framed answer over this breaks the connection: SageMaker answers at most 6 MB in real time; this leaves room for models whose output outgrows their input.</summary>
    private const int MaxFramedResponseBytes = 32 * 1024 * 1024;
    private static readonly TimeSpan FirstRetryPause = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestRetryPause = TimeSpan.FromSeconds(5);

    private readonly InstanceSpec spec;
    private readonly IHostLauncher launcher;
    private readonly TimeProvider time;
    private readonly HostingOptions options;
    private readonly InstanceLog log;
    private readonly CancellationTokenSource shutdown = new();
    private readonly TaskCompletionSource firstReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim probeRequests = new(0);
    private volatile bool healthy;
    private volatile Uri invocations = new("http://127.0.0.1/invocations");
    private volatile Endpoint listening = new(HostNetwork.Shared, 0);
    private volatile FrameConnections? frames;
    private Task? running;
    private int outstanding;
    private int restarts;

    private readonly HostUsageProbe usage = new();

    public ModelInstance(InstanceSpec spec, IHostLauncher launcher, ILogStore? logs, TimeProvider time, HostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        this.spec = spec;
        this.launcher = launcher;
        this.time = time;
        this.options = options;
        Id = "i-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..17];
        log = spec.LogGroup is { } group
            ? new InstanceLog(logs, group, $"{spec.EndpointName}/{Id}", time)
            : new InstanceLog(logs, InstanceLog.GroupPrefix + spec.EndpointName, $"{spec.VariantName}/{Id}", time);
        Client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ConnectCallback = async (_, token) =>
            {
                var current = listening;
                return await current.Network.ConnectAsync(current.Port, token);
            },
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            MaxConnectionsPerServer = int.MaxValue,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The instance's own scratch directory (each process of the instance names it in its sandbox's mounts).</summary>
    public string ScratchDirectory => spec.ScratchDirectory;

    /// <summary>SageMaker's instance ids look like EC2's: <c>i-</c> and 17 hex digits.</summary>
    public string Id { get; }

    public string VariantName => spec.VariantName;

    /// <summary>The availability zone it was placed in.</summary>
    public string Zone => spec.Zone;

    /// <summary>In rotation: the process runs and its last /ping answered 200.</summary>
    public bool IsHealthy => healthy;

    /// <summary>POST here; changes when the instance is started again on a new port.</summary>
    public Uri InvocationsUri => invocations;

    /// <summary>A pooled client of this instance alone (connections are per port).</summary>
    public HttpClient Client { get; }

    /// <summary>The framed connections of a built-in model server's current run (the router's fast way in), or null: call <see cref="Client"/>.</summary>
    public FrameConnections? Frames => frames;

    /// <summary>Invocations sent to this instance and not answered yet (least-outstanding routing).</summary>
    public int Outstanding => Volatile.Read(ref outstanding);

    /// <summary>How many times the process was started again after it died.</summary>
    public int Restarts => Volatile.Read(ref restarts);

    /// <summary>The log stream of this instance: <c>&lt;variant&gt;/&lt;instance id&gt;</c>.</summary>
    public string LogStream => log.Stream;

    /// <summary>The process's CPU time and memory now (null while it is not running, or without cgroups): the utilization metrics read it.</summary>
    public HostUsage? Usage() => usage.Read();

    public void Enter() => Interlocked.Increment(ref outstanding);

    public void Exit() => Interlocked.Decrement(ref outstanding);

    /// <summary>The router could not connect: out of rotation until /ping answers again.</summary>
    public void ReportUnreachable()
    {
        healthy = false;
        probeRequests.Release();
    }

    /// <summary>Starts the process and returns once /ping answers 200; throws <see cref="DeploymentException"/> when it cannot.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        running ??= Task.Run(SuperviseAsync, CancellationToken.None);
        await firstReady.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops the process (SIGTERM, then a kill after the grace period) and the supervision; waits for both.</summary>
    public async ValueTask DisposeAsync()
    {
        healthy = false;
        await shutdown.CancelAsync();
        if (running is not null)
        {
            await running;
        }

        await log.DisposeAsync();
        Client.Dispose();
        shutdown.Dispose();
        probeRequests.Dispose();
    }

    private async Task SuperviseAsync()
    {
        var token = shutdown.Token;
        Run? current = null;

        // Billed from launch until the process is stopped, restarts included (the instance is held throughout).
        await using var metered = spec.Meter is { } meter && spec.Metered is { } use ? await meter.StartAsync(use, CancellationToken.None) : null;
        try
        {
            current = await LaunchAsync(token);
            if (!await WaitReadyAsync(current, spec.StartupTimeout, token))
            {
                firstReady.TrySetException(new DeploymentException(await StartFailureAsync(current)));
                return;
            }

            healthy = true;
            firstReady.TrySetResult();
            var pause = FirstRetryPause;
            while (!token.IsCancellationRequested)
            {
                var probe = probeRequests.WaitAsync(options.PingInterval, token);
                await Task.WhenAny(current.Exited, probe);
                token.ThrowIfCancellationRequested();
                if (current.Exited.IsCompleted)
                {
                    healthy = false;
                    var exit = await current.Exited;
                    log.Write(exit.OutOfMemory
                        ? $"Sagebrush: the instance used more memory than its instance type {spec.Resources.MemoryBytes / (1 << 20)} MiB allows and was killed; starting it again."
                        : $"Sagebrush: the instance exited with code {exit.ExitCode}; starting it again.", true);
                    await current.DisposeAsync();
                    current = null;
                    await Task.Delay(pause, time, token);
                    pause = pause * 2 > LongestRetryPause ? LongestRetryPause : pause * 2;
                    current = await LaunchAsync(token);
                    Interlocked.Increment(ref restarts);
                    if (await WaitReadyAsync(current, spec.StartupTimeout, token))
                    {
                        healthy = true;
                        pause = FirstRetryPause;
                    }

                    continue;
                }

                healthy = await PingAsync(token);
                if (!healthy)
                {
                    // Probe again soon rather than at the next interval.
                    await Task.Delay(TimeSpan.FromMilliseconds(100), time, token);
                    probeRequests.Release();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            firstReady.TrySetCanceled(token);
        }
#pragma warning disable CA1031 // whatever broke, the deployment waiting for this instance hears of it
        catch (Exception unexpected)
#pragma warning restore CA1031
        {
            firstReady.TrySetException(new DeploymentException(DeploymentException.Trim($"InternalFailure: the instance of production variant {spec.VariantName} could not be supervised: {unexpected.Message}")));
        }
        finally
        {
            healthy = false;
            if (current is not null)
            {
                await current.StopAsync();
                await current.DisposeAsync();
            }
        }
    }

    private async Task<Run> LaunchAsync(CancellationToken token)
    {
        var network = await launcher.CreateNetworkAsync(token);
        var port = network.IsPrivate ? HostingOptions.ContainerPort : FreePort.Next();
        var command = spec.CommandForPort(port);
        var environment = command.Environment;
        FrameConnections? framed = null;
        if (command.SpeaksFrames)
        {
            // Unique per start: where the launcher has no private networks, every instance shares one namespace of names.
            var socketName = $"sagebrush-frames-{Id}-{Guid.NewGuid():N}";
            environment = new Dictionary<string, string>(command.Environment) { [ServingCommand.FramesSocketVariable] = socketName };
            var connections = spec.Resources.VCpus > 0 ? spec.Resources.VCpus : options.ProcessorCount;
            framed = new FrameConnections(t => network.ConnectAbstractAsync(socketName, t), Math.Min(connections, 8), MaxFramedResponseBytes);
        }

        frames = framed;
        listening = new Endpoint(network, port);
        invocations = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/invocations"));
        var launch = new HostLaunch(
            "algo-1", ["algo-1"], spec.Workspace, spec.ScratchDirectory, command.Command, environment,
            launcher.MountsOptMl ? "/opt/ml" : spec.Workspace,
            NetworkIsolation: false, // the server reaches the instance through its network
            options.StopGracePeriod)
        {
            ReadOnlyPaths = command.ReadOnlyPaths,
            Network = network,
            User = spec.User,
            Resources = spec.Resources,
            ReadOnlyWorkspace = true,
            Usage = usage,
            Container = command.Container,
        };
        var stop = new CancellationTokenSource();
        return new Run(network, RunProcessAsync(launch, stop.Token), stop, framed);
    }

    /// <summary>The launcher's run; a process that could not even start is an exit like any other (its reason logged).</summary>
    private async Task<HostExit> RunProcessAsync(HostLaunch launch, CancellationToken stop)
    {
        try
        {
            return await launcher.RunAsync(launch, line => log.Write(line.Text, line.IsStandardError), stop);
        }
#pragma warning disable CA1031 // reported as the instance's failure
        catch (Exception exception) when (exception is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            log.Write("Sagebrush: the instance could not be started: " + exception.Message, true);
            return new HostExit(-1, false);
        }
    }

    /// <summary>Pings until 200 (true), the process exits (false) or the timeout passes (false).</summary>
    private async Task<bool> WaitReadyAsync(Run run, TimeSpan timeout, CancellationToken token)
    {
        var started = time.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(20);
        while (time.GetElapsedTime(started) < timeout)
        {
            if (run.Exited.IsCompleted)
            {
                return false;
            }

            if (await PingAsync(token))
            {
                return true;
            }

            await Task.WhenAny(run.Exited, Task.Delay(pause, time, token));
            token.ThrowIfCancellationRequested();
            pause = pause * 2 > TimeSpan.FromMilliseconds(250) ? TimeSpan.FromMilliseconds(250) : pause * 2;
        }

        return false;
    }

    private async Task<bool> PingAsync(CancellationToken token)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(PingTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(invocations, "/ping"));
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<string> StartFailureAsync(Run run)
    {
        string what;
        if (run.Exited.IsCompleted)
        {
            var exit = await run.Exited;
            what = exit.OutOfMemory
                ? string.Create(CultureInfo.InvariantCulture, $"Its process used more memory than the instance type has ({spec.Resources.MemoryBytes / (1 << 20)} MiB) and was killed; please use an instance type with more memory")
                : string.Create(CultureInfo.InvariantCulture, $"Its process exited with code {exit.ExitCode}");
        }
        else
        {
            await run.StopAsync();
            what = string.Create(CultureInfo.InvariantCulture, $"It did not answer GET /ping with 200 within {spec.StartupTimeout.TotalSeconds:0} seconds");
        }

        // Output lines may still be on their way from the pipe readers; the launcher has drained them once it returned.
        var errors = log.LastErrors();
        var tail = errors.Count == 0 ? "." : ". Last lines of its standard error: " + string.Join(" | ", errors);
        return DeploymentException.Trim(
            $"The primary container for production variant {spec.VariantName} did not pass the ping health check. Please check CloudWatch logs for this endpoint. {what}{tail}");
    }

    /// <summary>Where the instance listens: its network and port there.</summary>
    private sealed record Endpoint(HostNetwork Network, int Port);

    /// <summary>One start of the process, on its own network.</summary>
    private sealed class Run(HostNetwork network, Task<HostExit> exited, CancellationTokenSource stop, FrameConnections? frames) : IAsyncDisposable
    {
        public Task<HostExit> Exited { get; } = exited;

        public async Task StopAsync()
        {
            if (!stop.IsCancellationRequested)
            {
                await stop.CancelAsync();
            }

            await Exited;
        }

        public async ValueTask DisposeAsync()
        {
            stop.Dispose();
            if (frames is not null)
            {
                await frames.DisposeAsync();
            }

            await network.DisposeAsync();
        }
    }
}
