using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Compute.Sandbox;
using Sagebrush.Core.Hosting.Instances;
using Sagebrush.Core.Logs;

namespace Sagebrush.Core.Notebooks;

/// <summary>
/// One run of a notebook instance, from start to stop. Its files live under <c>&lt;data-dir&gt;/notebooks/&lt;name&gt;</c>:
/// <c>volume/</c> (the ML storage volume, <see cref="NotebookVolume"/>, seen at <c>/home/ec2-user/SageMaker</c>, kept from
/// stop to start, removed on delete), <c>git-mirrors/</c> (<see cref="NotebookRepositories"/>) and <c>run/</c> (made
/// again at each start: the home directory <c>/home/ec2-user</c>, the scripts). Every
/// process (git, the lifecycle scripts, Jupyter) is a host of the launcher: the instance's own unprivileged user, its
/// instance type's limits, and a private network where Jupyter listens on 8443 and a relay offers the Sagebrush API on
/// the server's port; only the git clone runs on the machine's network, to reach the repository.
/// </summary>
public sealed class NotebookHost : IAsyncDisposable
{
    public const string LogGroup = "/aws/sagemaker/NotebookInstances";
    public const int JupyterPort = 8443;
    private const string Home = "/home/ec2-user";
    private const string VolumeInside = Home + "/SageMaker";
    private const string CreatedMarker = "created";

    private readonly string name;
    private readonly string directory;
    private readonly IHostLauncher launcher;
    private readonly ILogStore? logs;
    private readonly NotebookOptions options;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource stopping = new();
    private readonly NotebookVolume volume;
    private SandboxUserLease? user;
    private HostNetwork network = HostNetwork.Shared;
    private ServerRelay? relay;
    private Task? jupyter;
    private volatile bool ready;

    public NotebookHost(string name, string directory, IHostLauncher launcher, ILogStore? logs, NotebookOptions options, TimeProvider time)
    {
        this.name = name;
        this.directory = directory;
        this.launcher = launcher;
        this.logs = logs;
        this.options = options;
        this.time = time;
        volume = new NotebookVolume(directory);
        Invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ActivityHeadersPropagator = null,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ConnectCallback = async (_, token) => await network.ConnectAsync(Port, token),
        });
    }

    /// <summary>The port Jupyter listens on in the instance's network (8443, or a free loopback port where there are no private networks).</summary>
    public int Port { get; private set; } = JupyterPort;

    /// <summary>
    /// Jupyter's token where it listens on the machine's loopback (no private networks): only the proxy, which adds it
    /// to every request, knows it. Null in a private network, which only the proxy and the instance's own processes
    /// reach: there Jupyter asks for no token, so every browser request is checked as a cookie-authenticated one,
    /// with Jupyter's XSRF check on every write; a request carrying the token would skip that check, and another
    /// notebook's page (the same site: every instance is under <c>notebook.localhost</c>) could forge writes.
    /// </summary>
    public string? Token { get; private set; }

    /// <summary>Where the proxy sends a signed-in browser's requests (and websockets): connections made inside the instance's network.</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>Jupyter answered and the instance is InService.</summary>
    public bool IsReady => ready;

    public string VolumeDirectory => volume.Path;

    /// <summary>What the server's log should say about the volume (a plain directory where it cannot mount one), or null.</summary>
    public string? VolumeNote { get; private set; }

    /// <summary>The repositories' bare mirrors: the instance's, never mounted where its notebook code runs.</summary>
    private string MirrorsDirectory => Path.Combine(directory, "git-mirrors");

    /// <summary>
    /// Prepares the volume, clones (first start) or pulls the repositories, runs OnCreate (first start) and OnStart,
    /// starts Jupyter and returns once it answers; throws <see cref="NotebookFailure"/> with SageMaker's reason.
    /// </summary>
    public async Task StartAsync(NotebookPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
        var token = linked.Token;
        var files = await PrepareFilesAsync(plan, token);
        var apiUrl = await ConnectAsync(plan, token);
        var sandboxed = launcher.MountsOptMl;
        var homeInside = sandboxed ? Home : files.Home;
        var volumeInside = sandboxed ? VolumeInside : VolumeDirectory;
        var environment = new Dictionary<string, string>(plan.AwsEnvironment)
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = homeInside,
            ["USER"] = "ec2-user",
            ["LOGNAME"] = "ec2-user",
            ["SHELL"] = "/bin/bash",
            ["LANG"] = "C.UTF-8",
            ["AWS_ENDPOINT_URL"] = apiUrl.GetLeftPart(UriPartial.Authority),
        };

        HostLaunch Launch(IReadOnlyList<string> command, HostNetwork on, IReadOnlyList<HostBind>? extra = null, IReadOnlyDictionary<string, string>? variables = null) =>
            new("notebook", ["notebook"], files.Workspace, files.Scratch, command, variables is null ? environment : new Dictionary<string, string>(environment.Concat(variables)), homeInside, NetworkIsolation: false, TimeSpan.FromSeconds(5))
            {
                Network = on,
                User = user?.User,
                Resources = plan.Resources,
                ReadOnlyWorkspace = true,
                CoveredPaths = ["/home"],
                Binds = [new HostBind(files.Home, Home, true), new HostBind(VolumeDirectory, VolumeInside, true), .. extra ?? []],
            };

        var first = !File.Exists(Path.Combine(directory, CreatedMarker));
        await SyncRepositoriesAsync(plan, first, Launch, volumeInside, token);
        if (first && plan.OnCreate is not null)
        {
            await RunLifecycleAsync("LifecycleConfigOnCreate", Launch([homeInside + "/.sagebrush/on-create.sh"], network), plan, token);
        }

        if (first)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, CreatedMarker), "", token);
        }

        if (plan.OnStart is not null)
        {
            await RunLifecycleAsync("LifecycleConfigOnStart", Launch([homeInside + "/.sagebrush/on-start.sh"], network), plan, token);
        }

        var firstExit = new TaskCompletionSource<(int ExitCode, string Errors)>(TaskCreationOptions.RunContinuationsAsynchronously);
        jupyter = SuperviseJupyterAsync(Launch(JupyterCommand(volumeInside), network), firstExit, stopping.Token);
        await WaitReadyAsync(firstExit.Task, token);
        ready = true;
    }

    /// <summary>Returns when the run is asked to stop.</summary>
    public async Task RunUntilStoppedAsync(CancellationToken stop)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, stopping.Token);
        await Task.Delay(Timeout.InfiniteTimeSpan, time, linked.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        ready = false;
        await stopping.CancelAsync();
        if (jupyter is not null)
        {
            await jupyter.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (relay is not null)
        {
            await relay.DisposeAsync();
        }

        await network.DisposeAsync();
        await volume.DetachAsync();
        user?.Dispose();
        Invoker.Dispose();
        stopping.Dispose();
    }

    private List<string> JupyterCommand(string notebookDirectory) =>
    [
        options.JupyterPath, "--no-browser", "--ip=127.0.0.1", string.Create(CultureInfo.InvariantCulture, $"--port={Port}"), "--port-retries=0",
        "--notebook-dir=" + notebookDirectory,
        "--NotebookApp.token=" + (Token ?? ""),
        "--NotebookApp.password=",

        // Its Host check is for a Jupyter on the user's own machine; here only the proxy can reach it, and it passes the
        // browser's Host (<name>.notebook.localhost), which the websocket origin check compares with the Origin.
        "--NotebookApp.allow_remote_access=True",
        "--NotebookApp.quit_button=False",
        "--NotebookApp.terminals_enabled=True",
    ];

    /// <summary>
    /// The run's files: <c>run/</c> made afresh (home, scratch, the read-only /opt/ml with the resource metadata, the
    /// lifecycle scripts), the volume attached, and all of it given to the run's user.
    /// </summary>
    private async Task<(string Home, string Scratch, string Workspace)> PrepareFilesAsync(NotebookPlan plan, CancellationToken token)
    {
        var run = Path.Combine(directory, "run");
        if (Directory.Exists(run))
        {
            Directory.Delete(run, recursive: true);
        }

        var home = Directory.CreateDirectory(Path.Combine(run, "home")).FullName;
        var scratch = Directory.CreateDirectory(Path.Combine(run, "scratch")).FullName;
        var workspace = Directory.CreateDirectory(Path.Combine(run, "ml", "metadata")).Parent!.FullName;
        VolumeNote = await volume.AttachAsync(plan.Notebook.VolumeSizeInGB, token);
        WriteMetadata(workspace, plan);
        var scripts = Directory.CreateDirectory(Path.Combine(home, ".sagebrush")).FullName;
        WriteScript(scripts, "on-create.sh", plan.OnCreate);
        WriteScript(scripts, "on-start.sh", plan.OnStart);

        Directory.CreateDirectory(MirrorsDirectory);
        user = launcher.LeaseUser();
        if (user is not null)
        {
            user.GiveOwnership(VolumeDirectory);
            user.GiveOwnership(home);
            user.GiveOwnership(MirrorsDirectory);
        }

        return (home, scratch, workspace);
    }

    /// <summary>
    /// The run's network, and the API's address as its processes see it: in a private network, the relay on the
    /// server's port; on the machine's loopback (no private networks), the server itself, with Jupyter on a free port
    /// behind a token.
    /// </summary>
    private async Task<Uri> ConnectAsync(NotebookPlan plan, CancellationToken token)
    {
        network = await launcher.CreateNetworkAsync(token);
        if (!network.IsPrivate)
        {
            Port = FreePort.Next();
            Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            return plan.Server;
        }

        var relayPort = plan.Server.Port == JupyterPort ? JupyterPort + 1 : plan.Server.Port;
        relay = ServerRelay.Start(network, relayPort, plan.Server);
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{relayPort}"));
    }

    /// <summary>Clones (first start) or pulls each repository: the mirror on the machine's network, the volume's clone in the instance's own (<see cref="NotebookRepositories"/>).</summary>
    private async Task SyncRepositoriesAsync(
        NotebookPlan plan, bool first, Func<IReadOnlyList<string>, HostNetwork, IReadOnlyList<HostBind>?, IReadOnlyDictionary<string, string>?, HostLaunch> launch, string volumeInside, CancellationToken token)
    {
        var git = new NotebookRepositories(options.GitPath);
        var mirrorsWritable = new[] { new HostBind(MirrorsDirectory, NotebookRepositories.MirrorsInside, true) };
        var mirrorsReadOnly = new[] { new HostBind(MirrorsDirectory, NotebookRepositories.MirrorsInside, false) };
        var remote = NotebookRepositories.Environment(GitUrls.AllowedProtocols);
        var local = NotebookRepositories.Environment("file");
        foreach (var repository in plan.Repositories)
        {
            var cloned = Directory.Exists(Path.Combine(VolumeDirectory, GitUrls.DirectoryOf(repository.RepositoryUrl!)));
            var mirrored = Directory.Exists(Path.Combine(MirrorsDirectory, GitUrls.DirectoryOf(repository.RepositoryUrl!) + ".git"));
            if (first || !mirrored)
            {
                var clone = await RunStepAsync("GitClone", launch(git.UpdateMirror(repository, first: true), HostNetwork.Shared, mirrorsWritable, remote), options.GitTimeout, token);
                if (clone.ExitCode != 0)
                {
                    throw new NotebookFailure($"Unable to clone the Git repository {repository.RepositoryUrl} into {VolumeInside}: {clone.Reason}");
                }

                if (!cloned)
                {
                    var checkout = await RunStepAsync("GitClone", launch(git.CloneIntoVolume(repository, volumeInside), network, mirrorsReadOnly, local), options.GitTimeout, token);
                    if (checkout.ExitCode != 0)
                    {
                        throw new NotebookFailure($"Unable to clone the Git repository {repository.RepositoryUrl} into {VolumeInside}: {checkout.Reason}");
                    }
                }

                continue;
            }

            // A fetch that fails (the repository is gone, the network is down) or a pull that cannot fast-forward (the
            // user's own commits) leaves the volume's clone as it is; the log stream says why.
            var fetch = await RunStepAsync("GitPull", launch(git.UpdateMirror(repository, first: false), HostNetwork.Shared, mirrorsWritable, remote), options.GitTimeout, token);
            if (fetch.ExitCode == 0 && cloned)
            {
                await RunStepAsync("GitPull", launch(git.PullIntoVolume(repository, volumeInside), network, mirrorsReadOnly, local), options.GitTimeout, token);
            }
        }
    }

    private async Task RunLifecycleAsync(string stream, HostLaunch launch, NotebookPlan plan, CancellationToken token)
    {
        var step = await RunStepAsync(stream, launch, options.LifecycleScriptTimeout, token);
        var config = plan.LifecycleConfigArn;
        var instance = plan.Notebook.NotebookInstanceArn;
        if (step.TimedOut)
        {
            throw new NotebookFailure(
                $"Notebook Instance Lifecycle Config '{config}' for Notebook Instance '{instance}' took longer than {Minutes(options.LifecycleScriptTimeout)}. Please check your CloudWatch logs for more details if your Notebook Instance has Internet access.");
        }

        if (step.ExitCode != 0)
        {
            throw new NotebookFailure(
                $"Notebook Instance Lifecycle Config '{config}' for Notebook Instance '{instance}' failure. Please check your CloudWatch logs for more details if your Notebook Instance has Internet access.");
        }
    }

    private static string Minutes(TimeSpan span) => span.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.##} minutes")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.##} seconds");

    /// <summary>Runs one step to its end, its output in the log stream <c>&lt;name&gt;/&lt;stream&gt;</c>.</summary>
    private async Task<(int ExitCode, bool TimedOut, string Reason)> RunStepAsync(string stream, HostLaunch launch, TimeSpan timeout, CancellationToken token)
    {
        await using var log = new InstanceLog(logs, LogGroup, $"{name}/{stream}", time);
        using var limit = new CancellationTokenSource(timeout, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token, limit.Token);
        var exit = await launcher.RunAsync(launch, line => log.Write(line.Text, line.IsStandardError), stop.Token);
        token.ThrowIfCancellationRequested();
        var errors = log.LastErrors();
        var reason = exit.OutOfMemory
            ? "it used more memory than the instance type has"
            : string.Create(CultureInfo.InvariantCulture, $"exit code {exit.ExitCode}") + (errors.Count > 0 ? ": " + string.Join(" | ", errors) : "");
        return (exit.ExitCode, limit.IsCancellationRequested, reason);
    }

    private async Task SuperviseJupyterAsync(HostLaunch launch, TaskCompletionSource<(int, string)> firstExit, CancellationToken stop)
    {
        await using var log = new InstanceLog(logs, LogGroup, $"{name}/jupyter.log", time);
        while (!stop.IsCancellationRequested)
        {
            HostExit exit;
            try
            {
                exit = await launcher.RunAsync(launch, line => log.Write(line.Text, line.IsStandardError), stop);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                log.Write("Sagebrush: Jupyter could not be started: " + e.Message, true);
                exit = new HostExit(-1, false);
            }

            if (stop.IsCancellationRequested)
            {
                break;
            }

            if (firstExit.TrySetResult((exit.ExitCode, string.Join(" | ", log.LastErrors()))))
            {
                return;
            }

            ready = false;
            log.Write(string.Create(CultureInfo.InvariantCulture, $"Sagebrush: Jupyter exited with code {exit.ExitCode}; starting it again."), true);
            await Task.Delay(TimeSpan.FromSeconds(1), time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ready = !stop.IsCancellationRequested;
        }
    }

    private async Task WaitReadyAsync(Task<(int ExitCode, string Errors)> exited, CancellationToken token)
    {
        var started = time.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(25);
        while (time.GetElapsedTime(started) < options.JupyterStartTimeout)
        {
            if (exited.IsCompleted)
            {
                var (code, errors) = await exited;
                throw new NotebookFailure(string.Create(CultureInfo.InvariantCulture, $"The Jupyter server exited with code {code} before it answered") + (errors.Length > 0 ? ": " + errors : "."));
            }

            if (await AnswersAsync(token))
            {
                return;
            }

            await Task.WhenAny(exited, Task.Delay(pause, time, token));
            token.ThrowIfCancellationRequested();
            pause = pause * 2 > TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : pause * 2;
        }

        throw new NotebookFailure(string.Create(CultureInfo.InvariantCulture, $"The Jupyter server did not answer within {options.JupyterStartTimeout.TotalSeconds:0} seconds."));
    }

    private async Task<bool> AnswersAsync(CancellationToken token)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/api"));
            if (Token is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "token " + Token);
            }

            using var response = await Invoker.SendAsync(request, timeout.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !token.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>A script the server wrote is the user's file to run (0700, given to the instance's user with the home directory).</summary>
    private static void WriteScript(string scripts, string file, string? content)
    {
        if (content is null)
        {
            return;
        }

        var path = Path.Combine(scripts, file);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary><c>/opt/ml/metadata/resource-metadata.json</c>, as a SageMaker notebook has it (the SageMaker SDK reads its name there).</summary>
    private static void WriteMetadata(string workspace, NotebookPlan plan)
    {
        var path = Path.Combine(workspace, "metadata", "resource-metadata.json");
        var metadata = new Dictionary<string, string>
        {
            ["ResourceArn"] = plan.Notebook.NotebookInstanceArn,
            ["ResourceName"] = plan.Notebook.NotebookInstanceName,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(metadata, NotebookMetadataJson.Default.DictionaryStringString), Encoding.UTF8);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        foreach (var made in new[] { workspace, Path.Combine(workspace, "metadata") })
        {
            File.SetUnixFileMode(made, (UnixFileMode)0b111_101_101);
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class NotebookMetadataJson : System.Text.Json.Serialization.JsonSerializerContext;
