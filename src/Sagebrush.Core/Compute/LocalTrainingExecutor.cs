using Sagebrush.Core.Account.Billing;
using Sagebrush.Core.Common;
using Sagebrush.Core.Compute.Files;
using Sagebrush.Core.Compute.Jobs;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Compute;

/// <summary>
/// Runs training jobs on this machine: one workspace per host under <c>&lt;work-root&gt;/&lt;job&gt;/algo-N/</c>,
/// channels and code staged from the object store, hosts started through an <see cref="IHostLauncher"/>, then
/// model.tar.gz and output.tar.gz uploaded to <c>&lt;S3OutputPath&gt;/&lt;job&gt;/output/</c>.
/// With several hosts the archives merge every host's model/ (and output/data/) as SageMaker aggregates them;
/// the FailureReason comes from the first host that failed.
/// A built-in algorithm's image runs Sagebrush.Algorithms' <c>train</c> (<see cref="AlgorithmsProgram"/>) in the same
/// workspace with the same SM_* environment, without code staging or an entry point.
/// Any other image trains in a container (<see cref="Containers.ContainerLauncher"/>), given as <c>containers</c>.
/// Not supported yet: Pipe/FastFile input, output/intermediate sync, profiler and debugger output.
/// </summary>
public sealed class LocalTrainingExecutor : ITrainingExecutor, IDisposable
{
    private const string LeadHost = "algo-1";

    private readonly IObjectStore _store;
    private readonly string _root;
    private readonly TimeProvider _time;
    private readonly LocalExecutorOptions _options;
    private readonly IHostLauncher _launcher;
    private readonly bool _ownsLauncher;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly IUsageMeter? _meter;
    private readonly Containers.ContainerLauncher? _containers;
    private int _disposed;

    public LocalTrainingExecutor(
        IObjectStore store, string workRoot, TimeProvider timeProvider, LocalExecutorOptions? options = null, IHostLauncher? launcher = null, IUsageMeter? meter = null,
        Containers.ContainerLauncher? containers = null)
    {
        _containers = containers;
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(workRoot);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _root = workRoot;
        _time = timeProvider;
        _options = options ?? new LocalExecutorOptions();
        _meter = meter;
        _ownsLauncher = launcher is null;
        _launcher = launcher ?? new LocalProcessLauncher(timeProvider, new SandboxOptions { BubblewrapPath = _options.BubblewrapPath, HiddenPaths = _options.HiddenPaths });
        Directory.CreateDirectory(workRoot);
    }

    public async Task<TrainingOutcome> RunAsync(TrainingRun run, ITrainingObserver observer, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(observer);
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        var log = new JobLog(observer, _time);
        using var stopOrShutdown = CancellationTokenSource.CreateLinkedTokenSource(stop, _shutdown.Token);
        var jobDirectory = Path.Combine(_root, run.JobName);
        TrainingOutcome? outcome = null;
        try
        {
            WorkDirectories.TryDelete(jobDirectory);
            using var plugin = new TrainingJobPlugin(_store, _options, run);
            var spine = new JobSpine(_launcher, _time, _options.VolumeCheckInterval, _meter, _containers);
            var result = await spine.RunAsync(TrainingJobPlugin.Spec(run, _options), jobDirectory, plugin, log, stopOrShutdown.Token);
            outcome = new TrainingOutcome((TrainingOutcomeKind)result.Kind, result.FailureReason, result.Artifacts, result.RunTime);
            return outcome;
        }
        catch (OperationCanceledException) when (stopOrShutdown.IsCancellationRequested)
        {
            outcome = new TrainingOutcome(TrainingOutcomeKind.Stopped, null, null, TimeSpan.Zero);
            return outcome;
        }
#pragma warning disable CA1031 // the contract: a job that breaks is a Failed outcome, not an exception
        catch (Exception exception)
#pragma warning restore CA1031
        {
            log.Line(LeadHost, "Sagebrush: the job failed unexpectedly: " + exception);
            outcome = Failed("InternalServerError: " + exception.Message);
            return outcome;
        }
        finally
        {
            var keep = _options.KeepWorkspaces == WorkspaceRetention.Always
                || (_options.KeepWorkspaces == WorkspaceRetention.OnFailure && outcome?.Kind != TrainingOutcomeKind.Completed);
            if (!keep)
            {
                WorkDirectories.TryDelete(jobDirectory);
            }
        }
    }

    /// <summary>Kills every host still running (at once, no grace period) and stops the jobs.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _shutdown.Cancel();
        if (_ownsLauncher)
        {
            _launcher.Dispose();
        }

        _shutdown.Dispose();
    }

    private static TrainingOutcome Failed(string reason) => new(TrainingOutcomeKind.Failed, TrainingFailures.Trim(reason), null, TimeSpan.Zero);
}
