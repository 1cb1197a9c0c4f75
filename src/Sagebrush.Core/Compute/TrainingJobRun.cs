using Sagebrush.Core.Common;
using Sagebrush.Core.Compute.Files;
using Sagebrush.Core.Compute.Sandbox;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Compute;

/// <summary>
/// One run of one training job on this machine, start to end: a user and a network of its own, the channels, code
/// and checkpoints staged into each host's workspace (given to that user), requirements.txt installed in the sandbox,
/// the hosts run with the instance type's limits while the workspaces are measured against VolumeSizeInGB, then
/// checkpoints, model.tar.gz and output.tar.gz uploaded. Everything read back from a workspace is read through
/// <see cref="ConfinedDirectory"/>: a link the job left is reported, never followed.
/// </summary>
internal sealed class TrainingJobRun(
    IObjectStore store,
    IHostLauncher launcher,
    LocalExecutorOptions options,
    TimeProvider time,
    TrainingRun run,
    string jobDirectory,
    JobLog log,
    CancellationToken stop)
{
    private const string TrainingMessage = "Training image download completed. Training in progress.";
    private const string LeadHost = LocalTrainingExecutor.LeadHost;
    private const int ErrorLinesKept = 10;
    private const int FailureFileBytes = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly List<TrainingWorkspace> _workspaces = [];
    private HostResult? _firstFailure;
    private SandboxUserLease? _user;
    private HostNetwork _network = HostNetwork.Shared;
    private volatile bool _volumeFull;

    public async Task<TrainingOutcome> RunAsync()
    {
        LocalTrainingExecutor.TryDelete(jobDirectory);
        Directory.CreateDirectory(jobDirectory);
        _user = launcher.LeaseUser();
        try
        {
            _network = await launcher.CreateNetworkAsync(stop);
            return await RunStagesAsync();
        }
        finally
        {
            await _network.DisposeAsync();
            _user?.Dispose();
        }
    }

    private async Task<TrainingOutcome> RunStagesAsync()
    {
        var hosts = TrainingConfigFiles.Hosts(run.InstanceCount);
        _workspaces.AddRange(hosts.Select(host => TrainingWorkspace.Create(jobDirectory, host, run)));
        if (launcher.Note is { } note)
        {
            log.Line(LeadHost, note);
        }

        var hyperParameters = ScriptModeHyperParameters.Parse(run.HyperParameters);
        var builtIn = run.Image.Kind == ImageKind.BuiltInAlgorithm;
        var entryPoint = builtIn ? null : ScriptModeCommand.EntryPoint(run, hyperParameters);
        if (!builtIn && entryPoint is null)
        {
            return LocalTrainingExecutor.Failed(TrainingFailures.NoEntryPoint);
        }

        log.Status("Downloading", "Downloading input data");
        using var checkpoints = run.Checkpoint is { } location ? new CheckpointSync(store, location.S3Uri) : null;
        if (await StageAsync(builtIn, hyperParameters, checkpoints) is { } stagingFailure)
        {
            return stagingFailure;
        }

        if (entryPoint is not null && !IsFile(_workspaces[0], "code/" + entryPoint))
        {
            return LocalTrainingExecutor.Failed(TrainingFailures.EntryPointNotFound(entryPoint, hyperParameters.SubmitDirectory));
        }

        foreach (var workspace in _workspaces)
        {
            _user?.GiveOwnership(workspace.Root);
        }

        var python = options.Python;
        List<string> readOnlyPaths = [];
        if (builtIn)
        {
            // The program and the runtime must be visible where they are, wherever they are installed.
            readOnlyPaths.AddRange(AlgorithmsProgram.ReadOnlyPaths());
        }
        else if (IsFile(_workspaces[0], "code/" + PythonRequirements.FileName))
        {
            var venv = Path.Combine(jobDirectory, "venv");
            if (await InstallRequirementsAsync(venv) is { } pipError)
            {
                return LocalTrainingExecutor.Failed(TrainingFailures.Requirements(pipError));
            }

            python = PythonRequirements.PythonOf(venv);
            readOnlyPaths.Add(venv);
        }

        return await TrainAsync(hyperParameters, entryPoint, python, readOnlyPaths, checkpoints);
    }

    /// <summary>Channels, code and checkpoints into the workspaces; a failure is the job's outcome.</summary>
    private async Task<TrainingOutcome?> StageAsync(bool builtIn, ScriptModeHyperParameters hyperParameters, CheckpointSync? checkpoints)
    {
        try
        {
            var stager = new ChannelStager(store);
            foreach (var channel in run.Channels)
            {
                await stager.StageAsync(channel, _workspaces, stop);
            }

            if (run.Resources.VolumeBytes > 0 && _workspaces.Any(w => VolumeUsed(w) > run.Resources.VolumeBytes))
            {
                return LocalTrainingExecutor.Failed(TrainingFailures.VolumeFull(run.Resources.VolumeBytes));
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

            return null;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return new TrainingOutcome(TrainingOutcomeKind.Stopped, null, null, TimeSpan.Zero);
        }
        catch (ChannelStagingException exception)
        {
            return LocalTrainingExecutor.Failed("ClientError: " + exception.Message);
        }
        catch (AwsException exception)
        {
            return LocalTrainingExecutor.Failed($"ClientError: Data download failed: {exception.Code}: {exception.Message}");
        }
        catch (UnsafeArchiveException exception)
        {
            return LocalTrainingExecutor.Failed($"ClientError: The code archive {hyperParameters.SubmitDirectory} (sagemaker_submit_directory) cannot be unpacked safely: {exception.Message}");
        }
        catch (InvalidDataException exception)
        {
            return LocalTrainingExecutor.Failed("ClientError: Data download failed: " + exception.Message);
        }
    }

    private async Task<TrainingOutcome> TrainAsync(ScriptModeHyperParameters hyperParameters, string? entryPoint, string python, List<string> readOnlyPaths, CheckpointSync? checkpoints)
    {
        log.Status("Training", TrainingMessage);
        using var terminate = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var limit = run.MaxRuntime > TimeSpan.Zero && run.MaxRuntime < TimeSpan.FromDays(40) ? run.MaxRuntime : Timeout.InfiniteTimeSpan;
        using var maxRuntime = new CancellationTokenSource(limit, time);
        using var onMaxRuntime = maxRuntime.Token.Register(terminate.Cancel);

        var started = time.GetTimestamp();
        var running = _workspaces.Select(w => RunHostAsync(w, hyperParameters, entryPoint, python, readOnlyPaths, terminate)).ToList();
        using var watching = new CancellationTokenSource();
        var volumeWatch = WatchVolumeAsync(terminate, watching.Token);
        var syncLoop = checkpoints is null ? Task.CompletedTask : SyncCheckpointsAsync(checkpoints, watching.Token);
        var results = await Task.WhenAll(running);
        var trainingTime = time.GetElapsedTime(started);
        await watching.CancelAsync();
        await Task.WhenAll(syncLoop, volumeWatch);
        if (checkpoints is not null)
        {
            await UploadCheckpointsAsync(checkpoints);
        }

        log.Status("Uploading", "Uploading generated training model");
        var kind = stop.IsCancellationRequested ? TrainingOutcomeKind.Stopped
            : maxRuntime.IsCancellationRequested ? TrainingOutcomeKind.MaxRuntimeExceeded
            : results.All(r => r.Exit.ExitCode == 0) && !_volumeFull ? TrainingOutcomeKind.Completed
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
        catch (UnsafePathException exception)
        {
            return new TrainingOutcome(TrainingOutcomeKind.Failed, reason ?? TrainingFailures.UnsafeOutput(exception.Message), null, trainingTime);
        }

        return new TrainingOutcome(kind, reason, modelArtifacts, trainingTime);
    }

    /// <summary>A host of this job: on the job's network (none at all with EnableNetworkIsolation where the launcher has no private one), or on the machine's for pip.</summary>
    private HostLaunch Launch(TrainingWorkspace workspace, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, string workingDirectory, bool jobNetwork) =>
        new(workspace.Host, TrainingConfigFiles.Hosts(run.InstanceCount), workspace.Root, jobDirectory, command, environment, workingDirectory, jobNetwork && run.EnableNetworkIsolation, options.StopGracePeriod)
        {
            Network = jobNetwork ? _network : HostNetwork.Shared,
            User = _user?.User,
            Resources = run.Resources,
        };

    private async Task<HostResult> RunHostAsync(TrainingWorkspace workspace, ScriptModeHyperParameters hyperParameters, string? entryPoint, string python, List<string> readOnlyPaths, CancellationTokenSource terminate)
    {
        var mlRoot = launcher.MountsOptMl ? TrainingWorkspace.ContainerRoot : workspace.Root;
        var command = entryPoint is null
            ? ScriptModeCommand.ForProgram(run, hyperParameters, workspace.Host, mlRoot, AlgorithmsProgram.Command(run.Image.Name, "train"))
            : ScriptModeCommand.Create(run, hyperParameters, entryPoint, workspace.Host, mlRoot, python);
        var launch = Launch(workspace, command.Command, command.Environment, command.WorkingDirectory, jobNetwork: true) with { ReadOnlyPaths = readOnlyPaths };
        var errors = new Queue<string>();
        var exit = await launcher.RunAsync(launch, line =>
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

    /// <summary>
    /// A venv made and filled in the sandbox, as the job's user, on the machine's network (pip needs the index);
    /// returns pip's last error line, or null when it worked.
    /// </summary>
    private async Task<string?> InstallRequirementsAsync(string venv)
    {
        Directory.CreateDirectory(venv);
        _user?.GiveOwnership(venv);
        var requirements = new PythonRequirements(options.Python);
        var mlRoot = launcher.MountsOptMl ? TrainingWorkspace.ContainerRoot : _workspaces[0].Root;
        foreach (var command in new[] { requirements.CreateCommand(venv), requirements.InstallCommand(venv, mlRoot + "/code/" + PythonRequirements.FileName) })
        {
            string? lastError = null;
            var launch = Launch(_workspaces[0], command, PythonRequirements.Environment, mlRoot, jobNetwork: false) with { WritablePaths = [venv] };
            var exit = await launcher.RunAsync(launch, line =>
            {
                log.Line(LeadHost, line.Text);
                if (line.IsStandardError && line.Text.Trim().Length > 0)
                {
                    lastError = line.Text.Trim();
                }
            }, stop);
            stop.ThrowIfCancellationRequested();
            if (exit.ExitCode != 0)
            {
                return lastError ?? $"{command[0]} exited with code {exit.ExitCode}";
            }
        }

        return null;
    }

    private string FailureReason(HostResult[] results)
    {
        if (results.Any(r => r.Exit.OutOfMemory))
        {
            return TrainingFailures.OutOfMemory;
        }

        if (_volumeFull)
        {
            return TrainingFailures.VolumeFull(run.Resources.VolumeBytes);
        }

        foreach (var result in results)
        {
            try
            {
                using var workspace = ConfinedDirectory.Open(result.Workspace.Root);
                if (workspace.ReadText("output/failure", FailureFileBytes) is { } text && text.Trim().Length > 0)
                {
                    return TrainingFailures.Trim(text);
                }
            }
            catch (UnsafePathException unsafePath)
            {
                return TrainingFailures.UnsafeOutput(unsafePath.Message);
            }
        }

        var failed = _firstFailure ?? results.First(r => r.Exit.ExitCode != 0);
        return TrainingFailures.AlgorithmError(failed.Exit.ExitCode, failed.Command, failed.LastErrors);
    }

    /// <summary>sagemaker_submit_directory: an s3:// sourcedir.tar.gz is unpacked into every host's code/, bounded by the volume.</summary>
    private async Task StageCodeAsync(string? submitDirectory)
    {
        if (!S3Location.TryParse(submitDirectory, out var location))
        {
            return; // file:// or absent: the code is already in the workspace
        }

        var archive = Path.Combine(jobDirectory, "sourcedir.tar.gz");
        await ChannelStager.DownloadAsync(store, location, archive, stop);
        var budget = run.Resources.VolumeBytes > 0 ? run.Resources.VolumeBytes : long.MaxValue;
        foreach (var workspace in _workspaces)
        {
            await using var file = File.OpenRead(archive);
            await SafeTarExtractor.ExtractAsync(file, workspace.Code, budget, stop);
        }

        File.Delete(archive);
    }

    private static bool IsFile(TrainingWorkspace workspace, string relative)
    {
        try
        {
            using var root = ConfinedDirectory.Open(workspace.Root);
            return root.Stat(relative) is { Kind: ConfinedEntryKind.File };
        }
        catch (UnsafePathException)
        {
            return false;
        }
    }

    private static long VolumeUsed(TrainingWorkspace workspace)
    {
        using var root = ConfinedDirectory.Open(workspace.Root);
        return root.Walk().Sum(e => e.Size);
    }

    /// <summary>Ends the job when a host's workspace holds more than VolumeSizeInGB (a single file is bounded by RLIMIT_FSIZE already).</summary>
    private async Task WatchVolumeAsync(CancellationTokenSource terminate, CancellationToken done)
    {
        if (run.Resources.VolumeBytes <= 0)
        {
            return;
        }

        try
        {
            while (!done.IsCancellationRequested)
            {
                await Task.Delay(options.VolumeCheckInterval, time, done);
                if (_workspaces.Any(w => VolumeUsed(w) > run.Resources.VolumeBytes))
                {
                    _volumeFull = true;
                    log.Line(LeadHost, "Sagebrush: the job's workspace is larger than VolumeSizeInGB; stopping it.");
                    await terminate.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
        }
    }

    private List<(string Root, string Relative)> CheckpointDirectories() => [.. _workspaces.Select(w => (w.Root, w.CheckpointRelativePath(run.Checkpoint!)))];

    private async Task SyncCheckpointsAsync(CheckpointSync checkpoints, CancellationToken done)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.CheckpointSyncInterval, time, done);
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
        catch (UnsafePathException exception)
        {
            log.Line(LeadHost, "Sagebrush: a checkpoint was not uploaded: " + exception.Message);
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
        var model = await UploadArchiveAsync([.. _workspaces.Select(w => (w.Root, "model"))], output.Child("model.tar.gz"));
        await UploadArchiveAsync([.. _workspaces.Select(w => (w.Root, "output/data"))], output.Child("output.tar.gz"));
        return model.ToString();
    }

    private async Task<S3Location> UploadArchiveAsync(IReadOnlyList<(string Root, string Relative)> directories, S3Location target)
    {
        var archive = Path.Combine(jobDirectory, Path.GetFileName(target.Key));
        await ArtifactPacker.PackAsync(directories, archive, CancellationToken.None);
        await using (var body = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
        {
            await store.PutObjectAsync(target.Bucket, target.Key, body, ObjectWrite.Plain("application/x-tar"), CancellationToken.None);
        }

        File.Delete(archive);
        return target;
    }

    private sealed record HostResult(TrainingWorkspace Workspace, HostExit Exit, IReadOnlyList<string> Command, IReadOnlyList<string> LastErrors);
}
