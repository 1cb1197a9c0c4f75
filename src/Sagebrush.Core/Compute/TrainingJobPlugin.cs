using Sagebrush.Core.Account.Billing;
using Sagebrush.Core.Common;
using Sagebrush.Core.Compute.Files;
using Sagebrush.Core.Compute.Jobs;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Compute;

/// <summary>
/// What a training job adds to the <see cref="JobSpine"/>: each host's /opt/ml as SageMaker lays it out (the three
/// config files, the channels, the code from sagemaker_submit_directory, checkpoints restored), requirements.txt
/// installed in the sandbox, script mode's or a built-in algorithm's command, checkpoints synced while the hosts run,
/// the FailureReason from /opt/ml/output/failure or the toolkit's ExecuteUserScriptError, and model.tar.gz and
/// output.tar.gz uploaded to <c>&lt;S3OutputPath&gt;/&lt;job&gt;/output/</c>. The metric scan of the log lines is the
/// training service's observer's, not the plug-in's. A user's own image (<see cref="ImageKind.Container"/>) gets the same
/// /opt/ml and runs its <c>train</c> in a container, with the job's Environment and nothing of script mode.
/// </summary>
internal sealed class TrainingJobPlugin(IObjectStore store, LocalExecutorOptions options, TrainingRun run) : IJobPlugin, IDisposable
{
    private const string TrainingMessage = "Training image download completed. Training in progress.";
    private const int FailureFileBytes = 64 * 1024;

    private readonly ScriptModeHyperParameters _hyperParameters = ScriptModeHyperParameters.Parse(run.HyperParameters);
    private readonly CheckpointSync? _checkpoints = run.Checkpoint is { } location ? new CheckpointSync(store, location.S3Uri) : null;
    private readonly List<TrainingWorkspace> _workspaces = [];
    private readonly List<string> _readOnlyPaths = [];
    private string? _entryPoint;
    private string _python = options.Python;

    private bool BuiltIn => run.Image.Kind == ImageKind.BuiltInAlgorithm;

    private bool ScriptMode => run.Image.Kind == ImageKind.ScriptMode;

    public static JobSpec Spec(TrainingRun run, LocalExecutorOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        return new(run.JobName, run.InstanceCount, run.Resources, run.EnableNetworkIsolation, run.MaxRuntime, options.StopGracePeriod)
        {
            Metered = new MeteredUse(run.JobArn, InstanceUsage.Training, run.InstanceType, run.InstanceCount),
            Container = run.Image.Kind == ImageKind.Container ? run.Image.Image : null,
        };
    }

    public void Dispose() => _checkpoints?.Dispose();

    public async Task<string?> StageAsync(JobContext context, CancellationToken stop)
    {
        _workspaces.AddRange(context.Hosts.Select(host => TrainingWorkspace.Create(context.Directory, host.Name, run)));
        _entryPoint = ScriptMode ? ScriptModeCommand.EntryPoint(run, _hyperParameters) : null;
        if (ScriptMode && _entryPoint is null)
        {
            return TrainingFailures.NoEntryPoint;
        }

        context.Log.Status("Downloading", "Downloading input data");
        try
        {
            var stager = new ChannelStager(store);
            foreach (var channel in run.Channels)
            {
                await stager.StageAsync(channel, _workspaces, stop);
            }

            if (ScriptMode)
            {
                await StageCodeAsync(context, stop);
            }

            if (_checkpoints is not null)
            {
                var restored = await _checkpoints.RestoreAsync(CheckpointDirectories(), stop);
                context.Log.Line(context.Hosts[0].Name, $"Sagebrush: restored {restored} checkpoint file(s) from {run.Checkpoint!.S3Uri}");
            }
        }
        catch (ChannelStagingException exception)
        {
            return "ClientError: " + exception.Message;
        }
        catch (AwsException exception)
        {
            return $"ClientError: Data download failed: {exception.Code}: {exception.Message}";
        }
        catch (UnsafeArchiveException exception)
        {
            return $"ClientError: The code archive {_hyperParameters.SubmitDirectory} (sagemaker_submit_directory) cannot be unpacked safely: {exception.Message}";
        }
        catch (InvalidDataException exception)
        {
            return "ClientError: Data download failed: " + exception.Message;
        }

        return _entryPoint is not null && !IsFile(_workspaces[0], "code/" + _entryPoint)
            ? TrainingFailures.EntryPointNotFound(_entryPoint, _hyperParameters.SubmitDirectory)
            : null;
    }

    public async Task<string?> PrepareAsync(JobContext context, CancellationToken stop)
    {
        if (BuiltIn)
        {
            // The program and the runtime must be visible where they are, wherever they are installed.
            _readOnlyPaths.AddRange(AlgorithmsProgram.ReadOnlyPaths());
        }
        else if (ScriptMode && IsFile(_workspaces[0], "code/" + PythonRequirements.FileName))
        {
            var venv = Path.Combine(context.Directory, "venv");
            if (await InstallRequirementsAsync(context, venv, stop) is { } pipError)
            {
                return TrainingFailures.Requirements(pipError);
            }

            _python = PythonRequirements.PythonOf(venv);
            _readOnlyPaths.Add(venv);
        }

        context.Log.Status("Training", TrainingMessage);
        return null;
    }

    public JobHostCommand CommandFor(JobContext context, JobHost host)
    {
        var mlRoot = context.MlRoot(host);
        if (run.Image.Kind == ImageKind.Container)
        {
            return ContainerCommand();
        }

        var command = _entryPoint is null
            ? ScriptModeCommand.ForProgram(run, _hyperParameters, host.Name, mlRoot, AlgorithmsProgram.Command(run.Image.Name, "train"))
            : ScriptModeCommand.Create(run, _hyperParameters, _entryPoint, host.Name, mlRoot, _python);
        return new JobHostCommand(command.Command, command.Environment, command.WorkingDirectory) { ReadOnlyPaths = _readOnlyPaths };
    }

    /// <summary>
    /// As SageMaker starts a training image: <c>train</c> as the container's argument, the job's Environment and its
    /// name and ARN; the rest (hyperparameters, channels, hosts) is in /opt/ml/input/config. The image keeps its own PATH.
    /// ContainerEntrypoint replaces the image's entry point, and with it the <c>train</c> argument ("takes precedence
    /// over the default train processing instructions"); ContainerArguments are the arguments instead of <c>train</c>.
    /// </summary>
    private JobHostCommand ContainerCommand()
    {
        var environment = new Dictionary<string, string>(run.Environment, StringComparer.Ordinal)
        {
            ["TRAINING_JOB_NAME"] = run.JobName,
            ["TRAINING_JOB_ARN"] = run.JobArn,
        };
        var arguments = run.ContainerArguments ?? (run.ContainerEntrypoint is null ? ["train"] : []);
        return new JobHostCommand(arguments, environment, TrainingWorkspace.ContainerRoot) { Entrypoint = run.ContainerEntrypoint };
    }

    public async Task WhileRunningAsync(JobContext context, CancellationToken done)
    {
        if (_checkpoints is null)
        {
            return;
        }

        try
        {
            while (true)
            {
                await Task.Delay(options.CheckpointSyncInterval, context.Time, done);
                await UploadCheckpointsAsync(context);
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
        }
    }

    public string FailureReason(JobContext context, IReadOnlyList<JobHostResult> results)
    {
        foreach (var result in results)
        {
            using var workspace = ConfinedDirectory.Open(result.Host.Root);
            if (workspace.ReadText("output/failure", FailureFileBytes) is { } text && text.Trim().Length > 0)
            {
                return TrainingFailures.Trim(text);
            }
        }

        var failed = results.First(r => r.Exit.ExitCode != 0);
        return TrainingFailures.AlgorithmError(failed.Exit.ExitCode, failed.Command, failed.LastErrors);
    }

    /// <summary>Checkpoints, then model.tar.gz and output.tar.gz of all hosts; returns the model's s3:// URI.</summary>
    public async Task<string?> CollectAsync(JobContext context, IReadOnlyList<JobHostResult> results)
    {
        if (_checkpoints is not null)
        {
            await UploadCheckpointsAsync(context);
        }

        context.Log.Status("Uploading", "Uploading generated training model");
        var output = S3Location.Parse(run.S3OutputPath).Child(run.JobName + "/output/");
        var model = await UploadArchiveAsync(context, [.. _workspaces.Select(w => (w.Root, "model"))], output.Child("model.tar.gz"));
        await UploadArchiveAsync(context, [.. _workspaces.Select(w => (w.Root, "output/data"))], output.Child("output.tar.gz"));
        return model.ToString();
    }

    /// <summary>
    /// A venv made and filled in the sandbox, as the job's user, on the machine's network (pip needs the index);
    /// returns pip's last error line, or null when it worked.
    /// </summary>
    private async Task<string?> InstallRequirementsAsync(JobContext context, string venv, CancellationToken stop)
    {
        Directory.CreateDirectory(venv);
        context.GiveToJob(venv);
        var requirements = new PythonRequirements(options.Python);
        var lead = context.Hosts[0];
        var mlRoot = context.MlRoot(lead);
        foreach (var command in new[] { requirements.CreateCommand(venv), requirements.InstallCommand(venv, mlRoot + "/code/" + PythonRequirements.FileName) })
        {
            string? lastError = null;
            var launch = context.Launch(lead, new JobHostCommand(command, PythonRequirements.Environment, mlRoot), jobNetwork: false) with { WritablePaths = [venv] };
            var exit = await context.RunLaunchAsync(launch, line =>
            {
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

    /// <summary>sagemaker_submit_directory: an s3:// sourcedir.tar.gz is unpacked into every host's code/, bounded by the volume.</summary>
    private async Task StageCodeAsync(JobContext context, CancellationToken stop)
    {
        if (!S3Location.TryParse(_hyperParameters.SubmitDirectory, out var location))
        {
            return; // file:// or absent: the code is already in the workspace
        }

        var archive = Path.Combine(context.Directory, "sourcedir.tar.gz");
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

    private List<(string Root, string Relative)> CheckpointDirectories() => [.. _workspaces.Select(w => (w.Root, w.CheckpointRelativePath(run.Checkpoint!)))];

    private async Task UploadCheckpointsAsync(JobContext context)
    {
        try
        {
            await _checkpoints!.UploadChangesAsync(CheckpointDirectories(), CancellationToken.None);
        }
        catch (UnsafePathException exception)
        {
            context.Log.Line(context.Hosts[0].Name, "Sagebrush: a checkpoint was not uploaded: " + exception.Message);
        }
        catch (Exception exception) when (exception is IOException or AwsException or UnauthorizedAccessException)
        {
            context.Log.Line(context.Hosts[0].Name, "Sagebrush: checkpoint upload failed, will retry: " + exception.Message);
        }
    }

    private async Task<S3Location> UploadArchiveAsync(JobContext context, IReadOnlyList<(string Root, string Relative)> directories, S3Location target)
    {
        var archive = Path.Combine(context.Directory, Path.GetFileName(target.Key));
        await ArtifactPacker.PackAsync(directories, archive, CancellationToken.None);
        await using (var body = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
        {
            await store.PutObjectAsync(target.Bucket, target.Key, body, ObjectWrite.Plain("application/x-tar"), CancellationToken.None);
        }

        File.Delete(archive);
        return target;
    }
}
