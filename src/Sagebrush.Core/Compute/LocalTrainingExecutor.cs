using System.Formats.Tar;
using System.IO.Compression;
using Sagebrush.Core.Common;
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
/// Not supported yet: Pipe/FastFile input, output/intermediate sync, profiler and debugger
/// output, custom (non-framework) images with their own ENTRYPOINT.
/// </summary>
public sealed class LocalTrainingExecutor : ITrainingExecutor, IDisposable
{
    private const string TrainingMessage = "Training image download completed. Training in progress.";
    private const string LeadHost = "algo-1";
    private const int ErrorLinesKept = 10;

    private readonly IObjectStore _store;
    private readonly string _root;
    private readonly TimeProvider _time;
    private readonly LocalExecutorOptions _options;
    private readonly IHostLauncher _launcher;
    private readonly bool _ownsLauncher;
    private readonly CancellationTokenSource _shutdown = new();
    private int _disposed;

    public LocalTrainingExecutor(IObjectStore store, string workRoot, TimeProvider timeProvider, LocalExecutorOptions? options = null, IHostLauncher? launcher = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(workRoot);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _root = workRoot;
        _time = timeProvider;
        _options = options ?? new LocalExecutorOptions();
        _ownsLauncher = launcher is null;
        _launcher = launcher ?? new LocalProcessLauncher(timeProvider, _options.BubblewrapPath);
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
            outcome = await new Job(this, run, jobDirectory, log, stopOrShutdown.Token).RunAsync();
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
                TryDelete(jobDirectory);
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

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover workspace costs disk, not correctness; the next run of the same name starts clean.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>One run of one job, start to end.</summary>
    private sealed class Job(LocalTrainingExecutor executor, TrainingRun run, string jobDirectory, JobLog log, CancellationToken stop)
    {
        private readonly Lock _gate = new();
        private readonly List<TrainingWorkspace> _workspaces = [];
        private HostResult? _firstFailure;

        public async Task<TrainingOutcome> RunAsync()
        {
            TryDelete(jobDirectory);
            Directory.CreateDirectory(jobDirectory);
            var hosts = TrainingConfigFiles.Hosts(run.InstanceCount);
            _workspaces.AddRange(hosts.Select(host => TrainingWorkspace.Create(jobDirectory, host, run)));
            if (executor._launcher.Note is { } note)
            {
                log.Line(LeadHost, note);
            }

            var hyperParameters = ScriptModeHyperParameters.Parse(run.HyperParameters);
            var builtIn = run.Image.Kind == ImageKind.BuiltInAlgorithm;
            var entryPoint = builtIn ? null : ScriptModeCommand.EntryPoint(run, hyperParameters);
            if (!builtIn && entryPoint is null)
            {
                return Failed(TrainingFailures.NoEntryPoint);
            }

            log.Status("Downloading", "Downloading input data");
            using var checkpoints = run.Checkpoint is { } location ? new CheckpointSync(executor._store, location.S3Uri) : null;
            try
            {
                var stager = new ChannelStager(executor._store);
                foreach (var channel in run.Channels)
                {
                    await stager.StageAsync(channel, _workspaces, stop);
                }

                if (!builtIn)
                {
                    await StageCodeAsync(hyperParameters.SubmitDirectory);
                }

                if (checkpoints is not null)
                {
                    var restored = await checkpoints.RestoreAsync(CheckpointDirectories(), stop);
                    log.Line(LeadHost, $"Sagebrush: restored {restored} checkpoint file(s) from {run.Checkpoint!.S3Uri}");
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return new TrainingOutcome(TrainingOutcomeKind.Stopped, null, null, TimeSpan.Zero);
            }
            catch (ChannelStagingException exception)
            {
                return Failed("ClientError: " + exception.Message);
            }
            catch (AwsException exception)
            {
                return Failed($"ClientError: Data download failed: {exception.Code}: {exception.Message}");
            }
            catch (InvalidDataException exception)
            {
                return Failed("ClientError: Data download failed: " + exception.Message);
            }

            if (entryPoint is not null && !File.Exists(Path.Combine(_workspaces[0].Code, entryPoint)))
            {
                return Failed(TrainingFailures.EntryPointNotFound(entryPoint, hyperParameters.SubmitDirectory));
            }

            var python = executor._options.Python;
            List<string> readOnlyPaths = [];
            var requirements = Path.Combine(_workspaces[0].Code, PythonRequirements.FileName);
            if (builtIn)
            {
                // The program and the runtime must be visible where they are, wherever they are installed.
                readOnlyPaths.AddRange(AlgorithmsProgram.ReadOnlyPaths());
            }
            else if (File.Exists(requirements))
            {
                var venv = Path.Combine(jobDirectory, "venv");
                var installed = await new PythonRequirements(executor._options.Python).InstallAsync(requirements, venv, line => log.Line(LeadHost, line), stop);
                if (installed.Python is null)
                {
                    return Failed(TrainingFailures.Requirements(installed.Error ?? "unknown error"));
                }

                python = installed.Python;
                readOnlyPaths.Add(venv);
            }

            log.Status("Training", TrainingMessage);
            using var terminate = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var limit = run.MaxRuntime > TimeSpan.Zero && run.MaxRuntime < TimeSpan.FromDays(40) ? run.MaxRuntime : Timeout.InfiniteTimeSpan;
            using var maxRuntime = new CancellationTokenSource(limit, executor._time);
            using var onMaxRuntime = maxRuntime.Token.Register(terminate.Cancel);

            var started = executor._time.GetTimestamp();
            var running = _workspaces.Select(w => RunHostAsync(w, hyperParameters, entryPoint, python, readOnlyPaths, terminate)).ToList();
            using var syncing = new CancellationTokenSource();
            var syncLoop = checkpoints is null ? Task.CompletedTask : SyncCheckpointsAsync(checkpoints, syncing.Token);
            var results = await Task.WhenAll(running);
            var trainingTime = executor._time.GetElapsedTime(started);
            await syncing.CancelAsync();
            await syncLoop;
            if (checkpoints is not null)
            {
                await UploadCheckpointsAsync(checkpoints);
            }

            log.Status("Uploading", "Uploading generated training model");
            var kind = stop.IsCancellationRequested ? TrainingOutcomeKind.Stopped
                : maxRuntime.IsCancellationRequested ? TrainingOutcomeKind.MaxRuntimeExceeded
                : results.All(r => r.Exit.ExitCode == 0) ? TrainingOutcomeKind.Completed
                : TrainingOutcomeKind.Failed;
            var reason = kind == TrainingOutcomeKind.Failed ? FailureReason(results) : null;
            string? modelArtifacts;
            try
            {
                modelArtifacts = await UploadArtifactsAsync();
            }
            catch (AwsException exception)
            {
                return new TrainingOutcome(TrainingOutcomeKind.Failed, reason ?? TrainingFailures.Trim($"ClientError: Could not upload the training output to {run.S3OutputPath}: {exception.Code}: {exception.Message}"), null, trainingTime);
            }

            return new TrainingOutcome(kind, reason, modelArtifacts, trainingTime);
        }

        private async Task<HostResult> RunHostAsync(TrainingWorkspace workspace, ScriptModeHyperParameters hyperParameters, string? entryPoint, string python, List<string> readOnlyPaths, CancellationTokenSource terminate)
        {
            var mlRoot = executor._launcher.MountsOptMl ? TrainingWorkspace.ContainerRoot : workspace.Root;
            var command = entryPoint is null
                ? ScriptModeCommand.ForProgram(run, hyperParameters, workspace.Host, mlRoot, AlgorithmsProgram.Command(run.Image.Name, "train"))
                : ScriptModeCommand.Create(run, hyperParameters, entryPoint, workspace.Host, mlRoot, python);
            var launch = new HostLaunch(
                workspace.Host, TrainingConfigFiles.Hosts(run.InstanceCount), workspace.Root, jobDirectory, command.Command,
                command.Environment, command.WorkingDirectory, run.EnableNetworkIsolation, executor._options.StopGracePeriod)
            {
                ReadOnlyPaths = readOnlyPaths,
            };
            var errors = new Queue<string>();
            var exit = await executor._launcher.RunAsync(launch, line =>
            {
                if (line.IsStandardError)
                {
                    lock (errors)
                    {
                        errors.Enqueue(line.Text);
                        if (errors.Count > ErrorLinesKept)
                        {
                            errors.Dequeue();
                        }
                    }
                }

                log.Line(workspace.Host, line.Text);
            }, terminate.Token);

            List<string> lastErrors;
            lock (errors)
            {
                lastErrors = [.. errors];
            }

            var result = new HostResult(workspace, exit, command.Command, lastErrors);
            if (exit.ExitCode != 0)
            {
                lock (_gate)
                {
                    if (_firstFailure is null && !terminate.IsCancellationRequested)
                    {
                        _firstFailure = result;
                    }
                }

                // One host failing ends the job, as on SageMaker: the others get SIGTERM.
                await terminate.CancelAsync();
            }

            return result;
        }

        private string FailureReason(HostResult[] results)
        {
            foreach (var result in results)
            {
                if (File.Exists(result.Workspace.FailureFile))
                {
                    var text = File.ReadAllText(result.Workspace.FailureFile);
                    if (text.Trim().Length > 0)
                    {
                        return TrainingFailures.Trim(text);
                    }
                }
            }

            var failed = _firstFailure ?? results.First(r => r.Exit.ExitCode != 0);
            return TrainingFailures.AlgorithmError(failed.Exit.ExitCode, failed.Command, failed.LastErrors);
        }

        /// <summary>sagemaker_submit_directory: an s3:// sourcedir.tar.gz is unpacked into every host's code/.</summary>
        private async Task StageCodeAsync(string? submitDirectory)
        {
            if (!S3Location.TryParse(submitDirectory, out var location))
            {
                return; // file:// or absent: the code is already in the workspace
            }

            var archive = Path.Combine(jobDirectory, "sourcedir.tar.gz");
            await ChannelStager.DownloadAsync(executor._store, location, archive, stop);
            foreach (var workspace in _workspaces)
            {
                await using var file = File.OpenRead(archive);
                await using var gzip = new GZipStream(file, CompressionMode.Decompress);
                await TarFile.ExtractToDirectoryAsync(gzip, workspace.Code, overwriteFiles: true, stop);
            }

            File.Delete(archive);
        }

        private List<string> CheckpointDirectories() => [.. _workspaces.Select(w => w.CheckpointDirectory(run.Checkpoint!))];

        private async Task SyncCheckpointsAsync(CheckpointSync checkpoints, CancellationToken done)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(executor._options.CheckpointSyncInterval, executor._time, done);
                    await UploadCheckpointsAsync(checkpoints);
                }
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested)
            {
            }
        }

        private async Task UploadCheckpointsAsync(CheckpointSync checkpoints)
        {
            try
            {
                await checkpoints.UploadChangesAsync(CheckpointDirectories(), CancellationToken.None);
            }
            catch (Exception exception) when (exception is IOException or AwsException or UnauthorizedAccessException)
            {
                log.Line(LeadHost, "Sagebrush: checkpoint upload failed, will retry: " + exception.Message);
            }
        }

        /// <summary>model.tar.gz and output.tar.gz of all hosts; returns the model's s3:// URI.</summary>
        private async Task<string> UploadArtifactsAsync()
        {
            var output = S3Location.Parse(run.S3OutputPath).Child(run.JobName + "/output/");
            var model = await UploadArchiveAsync([.. _workspaces.Select(w => w.Model)], output.Child("model.tar.gz"));
            await UploadArchiveAsync([.. _workspaces.Select(w => w.OutputData)], output.Child("output.tar.gz"));
            return model.ToString();
        }

        private async Task<S3Location> UploadArchiveAsync(IReadOnlyList<string> directories, S3Location target)
        {
            var archive = Path.Combine(jobDirectory, Path.GetFileName(target.Key));
            await ArtifactPacker.PackAsync(directories, archive, CancellationToken.None);
            await using (var body = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
            {
                await executor._store.PutObjectAsync(target.Bucket, target.Key, body, ObjectWrite.Plain("application/x-tar"), CancellationToken.None);
            }

            File.Delete(archive);
            return target;
        }
    }

    private sealed record HostResult(TrainingWorkspace Workspace, HostExit Exit, IReadOnlyList<string> Command, IReadOnlyList<string> LastErrors);
}
