namespace Sagebrush.Core.Compute;

/// <summary>How <see cref="LocalTrainingExecutor"/> runs jobs.</summary>
public sealed record LocalExecutorOptions
{
    /// <summary>Between SIGTERM and the kill on StopTrainingJob or MaxRuntime; SageMaker waits 120 seconds.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How often new or changed checkpoint files are uploaded while the hosts run.</summary>
    public TimeSpan CheckpointSyncInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Workspaces are removed when a job ends by default: they hold a full copy of the job's input data, and the
    /// job's output is already in its logs and artifacts. Keep them to look inside a host's /opt/ml afterwards.
    /// </summary>
    public WorkspaceRetention KeepWorkspaces { get; init; } = WorkspaceRetention.Never;

    /// <summary>The Python that runs .py entry points (and creates the per-job environment for requirements.txt).</summary>
    public string Python { get; init; } = PythonRequirements.SystemPython;

    /// <summary>bubblewrap, or null to run hosts as plain processes.</summary>
    public string? BubblewrapPath { get; init; } = LocalProcessLauncher.DefaultBubblewrapPath;

    /// <summary>Directories no host may see (the data directory), for the launcher the executor makes itself.</summary>
    public IReadOnlyList<string> HiddenPaths { get; init; } = [];

    /// <summary>How often the hosts' workspaces are measured against VolumeSizeInGB.</summary>
    public TimeSpan VolumeCheckInterval { get; init; } = TimeSpan.FromSeconds(2);
}

public enum WorkspaceRetention
{
    Never,
    OnFailure,
    Always,
}
