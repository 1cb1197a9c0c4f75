namespace Sagebrush.Core.Compute.Jobs;

/// <summary>
/// What one kind of job (training; processing and batch transform next) adds to the <see cref="JobSpine"/>: how a
/// host's /opt/ml is laid out and filled, what each host runs, what is uploaded afterwards and how a failure is worded.
/// The spine does the rest the same way for every kind: the job's user and network, ownership of the workspaces, the
/// limits, MaxRuntime, one failing host ending the others, the volume watch, reading what hosts leave only through
/// a confined directory.
/// </summary>
public interface IJobPlugin
{
    /// <summary>Lays out and fills every host's workspace (config files, inputs, code); returns a FailureReason to end the job before any host runs.</summary>
    Task<string?> StageAsync(JobContext context, CancellationToken stop);

    /// <summary>Work to do once, in the sandbox as the job's user, before the hosts run (pip); returns a FailureReason to end the job.</summary>
    Task<string?> PrepareAsync(JobContext context, CancellationToken stop);

    /// <summary>What one host runs.</summary>
    JobHostCommand CommandFor(JobContext context, JobHost host);

    /// <summary>Runs beside the hosts until <paramref name="done"/> is cancelled (checkpoint sync).</summary>
    Task WhileRunningAsync(JobContext context, CancellationToken done);

    /// <summary>The FailureReason when a host failed and the spine has no reason of its own (memory, volume).</summary>
    string FailureReason(JobContext context, IReadOnlyList<JobHostResult> results);

    /// <summary>Uploads what the hosts left (also after a failure or a stop); returns the artifacts' s3:// URI, or null.</summary>
    Task<string?> CollectAsync(JobContext context, IReadOnlyList<JobHostResult> results);
}

/// <summary>A host's command and environment, and the host paths it needs bound back read-only.</summary>
public sealed record JobHostCommand(IReadOnlyList<string> Command, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory)
{
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary>In a container: the entry point that replaces the image's (the command is then its arguments), or null to keep the image's.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }
}

/// <summary>How a host ended, with its command and last standard-error lines (for a FailureReason).</summary>
public sealed record JobHostResult(JobHost Host, HostExit Exit, IReadOnlyList<string> Command, IReadOnlyList<string> LastErrors);
