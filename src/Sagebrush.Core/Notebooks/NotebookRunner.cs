using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Account.Billing;
using Sagebrush.Core.Common;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Logs;
using Sagebrush.Core.Notebooks.Shapes;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Notebooks;

/// <summary>
/// Brings notebook instances to where their service moved them: a Pending instance is started (a
/// <see cref="NotebookHost"/>) and becomes InService, or Failed with the reason; a Stopping one is stopped and becomes
/// Stopped; a Deleting one is stopped, its volume removed and its record deleted. An instance is billed while it runs.
/// At start it recovers what the last server left: instances that were Pending or InService start again, Stopping
/// and Updating ones are Stopped, Deleting ones are deleted.
/// </summary>
public sealed partial class NotebookRunner(
    JobStore<DescribeNotebookInstanceResponse> store,
    LifecycleConfigService lifecycleConfigs,
    CodeRepositoryService repositories,
    IHostLauncher launcher,
    ILogStore? logs,
    NotebookOptions options,
    NotebookEnvironment environment,
    string root,
    TimeProvider time,
    ILogger<NotebookRunner> logger,
    IUsageMeter? meter = null) : IBackgroundController
{
    private readonly ConcurrentDictionary<string, Running> running = new(StringComparer.OrdinalIgnoreCase);

    public string Runs => "notebook instances";

    public TimeSpan ShutdownGrace => TimeSpan.FromSeconds(10);

    /// <summary>The running instance a notebook host name names, or null when it is not running.</summary>
    public NotebookHost? Find(string name) => running.TryGetValue(name, out var run) ? run.Host : null;

    /// <summary>Starts a Pending instance in the background.</summary>
    public void Start(string name)
    {
        var host = new NotebookHost(name, DirectoryOf(name), launcher, logs, options, time);
        var stop = new CancellationTokenSource();
        var task = new TaskCompletionSource();
        var run = new Running(host, task.Task, stop);
        running[name] = run;
        _ = Task.Run(async () =>
        {
            try
            {
                await RunAsync(name, host, stop.Token);
            }
            finally
            {
                running.TryRemove(new KeyValuePair<string, Running>(name, run));
                task.SetResult();
            }
        });
    }

    /// <summary>Stops a Stopping instance in the background; it is Stopped once its processes have ended.</summary>
    public void Stop(string name) => _ = Task.Run(async () =>
    {
        await EndAsync(name);
        await SetAsync(name, NotebookStatus.Stopping, NotebookStatus.Stopped);
    });

    /// <summary>Deletes a Deleting instance in the background: its processes, its volume, its record.</summary>
    public void Delete(string name) => _ = Task.Run(async () =>
    {
        await EndAsync(name);
        var directory = DirectoryOf(name);
        await new NotebookVolume(directory).DeleteAsync();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        await store.DeleteAsync(name);
        LogDeleted(logger, name);
    });

    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var notebook in await store.ListAsync(cancellationToken))
        {
            var name = notebook.NotebookInstanceName;
            switch (notebook.NotebookInstanceStatus)
            {
                case NotebookStatus.Pending or NotebookStatus.InService:
                    await store.UpdateAsync(name, n => n with { NotebookInstanceStatus = NotebookStatus.Pending }, cancellationToken);
                    Start(name);
                    break;
                case NotebookStatus.Stopping or NotebookStatus.Updating:
                    await store.UpdateAsync(name, n => n with { NotebookInstanceStatus = NotebookStatus.Stopped }, cancellationToken);
                    break;
                case NotebookStatus.Deleting:
                    Delete(name);
                    break;
            }
        }
    }

    /// <summary>Stops every running instance and leaves it InService, for the next start's recovery to start again.</summary>
    public async Task ShutdownAsync(TimeSpan grace)
    {
        var runs = running.Values.ToList();
        foreach (var run in runs)
        {
            await run.Stop.CancelAsync();
        }

        await Task.WhenAll(runs.Select(r => r.Task)).WaitAsync(grace, time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(string name, NotebookHost host, CancellationToken stop)
    {
        var started = time.GetTimestamp();
        string? failure = null;
        try
        {
            var notebook = await store.GetAsync(name, stop);
            if (notebook is null || notebook.NotebookInstanceStatus != NotebookStatus.Pending)
            {
                return;
            }

            await using var metered = meter is null
                ? null
                : await meter.StartAsync(new MeteredUse(notebook.NotebookInstanceArn, InstanceUsage.Notebook, notebook.InstanceType, 1), stop);
            var plan = await PlanAsync(notebook, stop);
            await host.StartAsync(plan, stop);
            if (host.VolumeNote is { } note)
            {
                LogVolume(logger, name, note);
            }

            await SetAsync(name, NotebookStatus.Pending, NotebookStatus.InService);
            LogInService(logger, name, time.GetElapsedTime(started).TotalSeconds);
            await host.RunUntilStoppedAsync(stop);
        }
        catch (Exception e) when (e is NotebookFailure or AwsException)
        {
            failure = e.Message;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // whatever broke is the instance's FailureReason
        catch (Exception unexpected)
#pragma warning restore CA1031
        {
            LogUnexpected(logger, unexpected, name);
            failure = "InternalFailure: the notebook instance could not be started: " + unexpected.Message;
        }
        finally
        {
            await host.DisposeAsync();
        }

        // Only once the run's processes, network and volume are gone: a Failed instance may be started again at once.
        if (failure is not null)
        {
            await FailAsync(name, failure);
        }
    }

    private async Task<NotebookPlan> PlanAsync(DescribeNotebookInstanceResponse notebook, CancellationToken cancellationToken)
    {
        if (!File.Exists(options.JupyterPath))
        {
            throw new NotebookFailure($"Jupyter is not installed on the Sagebrush server's machine ({options.JupyterPath}): install Debian's jupyter-notebook (apt-get install jupyter-notebook) and start the instance again.");
        }

        if ((notebook.DefaultCodeRepository ?? notebook.AdditionalCodeRepositories?.FirstOrDefault()) is not null && !File.Exists(options.GitPath))
        {
            throw new NotebookFailure($"Git is not installed on the Sagebrush server's machine ({options.GitPath}): install it (apt-get install git) and start the instance again.");
        }

        var config = notebook.NotebookInstanceLifecycleConfigName is { } configName ? await lifecycleConfigs.FindAsync(configName, cancellationToken) : null;
        var repositoryNames = (notebook.AdditionalCodeRepositories ?? []).Prepend(notebook.DefaultCodeRepository).OfType<string>();
        var gitConfigs = new List<GitConfig>();
        foreach (var repository in repositoryNames)
        {
            gitConfigs.Add(await repositories.ResolveAsync(repository, cancellationToken));
        }

        var credentials = await environment.Credentials(notebook.RoleArn, cancellationToken);
        var aws = new Dictionary<string, string>
        {
            ["AWS_DEFAULT_REGION"] = environment.Region,
            ["AWS_REGION"] = environment.Region,
            ["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey,
            ["AWS_SESSION_TOKEN"] = credentials.SessionToken,
        };
        return new NotebookPlan(
            notebook,
            config?.NotebookInstanceLifecycleConfigArn,
            Script(config?.OnCreate, notebook, config),
            Script(config?.OnStart, notebook, config),
            gitConfigs,
            aws,
            InstanceTypes.Resources(notebook.InstanceType, notebook.VolumeSizeInGB, Environment.ProcessorCount),
            await environment.Server(cancellationToken));
    }

    /// <summary>A hook's script, decoded; content that is not base64 fails the instance as a failing script would.</summary>
    private static string? Script(IReadOnlyList<NotebookInstanceLifecycleHook>? hooks, DescribeNotebookInstanceResponse notebook, DescribeNotebookInstanceLifecycleConfigResponse? config)
    {
        if (hooks is not [{ Content: { } content }, ..])
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(content));
        }
        catch (FormatException)
        {
            throw new NotebookFailure(
                $"Notebook Instance Lifecycle Config '{config?.NotebookInstanceLifecycleConfigArn}' for Notebook Instance '{notebook.NotebookInstanceArn}' failure: its content is not base64-encoded.");
        }
    }

    private async Task EndAsync(string name)
    {
        if (running.TryGetValue(name, out var run))
        {
            await run.Stop.CancelAsync();
            await run.Task;
        }
    }

    private async Task SetAsync(string name, string from, string to)
    {
        try
        {
            await store.UpdateAsync(name, n => n.NotebookInstanceStatus == from ? n with { NotebookInstanceStatus = to } : null);
        }
        catch (AwsException)
        {
            // Deleted meanwhile.
        }
    }

    private async Task FailAsync(string name, string reason)
    {
        LogFailed(logger, name, reason);
        try
        {
            await store.UpdateAsync(name, n => n.NotebookInstanceStatus == NotebookStatus.Pending
                ? n with { NotebookInstanceStatus = NotebookStatus.Failed, FailureReason = reason.Length > 1024 ? reason[..1024] : reason }
                : null);
        }
        catch (AwsException)
        {
        }
    }

    private string DirectoryOf(string name) => Path.Combine(root, name.ToLowerInvariant());

    private sealed record Running(NotebookHost Host, Task Task, CancellationTokenSource Stop);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notebook instance {Name} is InService ({Seconds:F1} s after it was started)")]
    private static partial void LogInService(ILogger logger, string name, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notebook instance {Name} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notebook instance {Name}: {Note}")]
    private static partial void LogVolume(ILogger logger, string name, string note);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notebook instance {Name} deleted, with its volume")]
    private static partial void LogDeleted(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notebook instance {Name}: unexpected failure")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string name);
}
