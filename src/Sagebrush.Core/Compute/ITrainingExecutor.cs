namespace Sagebrush.Core.Compute;

/// <summary>
/// Runs a training job to its end: stages the channels into each host's /opt/ml workspace, runs the hosts
/// (algo-1..algo-N), and uploads model.tar.gz, output.tar.gz and checkpoints. It reports progress through the
/// observer and never throws for a job that fails: the outcome says how it ended.
/// Cancelling <paramref name="stop"/> is StopTrainingJob: SIGTERM, a grace period, then kill; artifacts written
/// so far are still uploaded.
/// </summary>
public interface ITrainingExecutor
{
    Task<TrainingOutcome> RunAsync(TrainingRun run, ITrainingObserver observer, CancellationToken stop);
}

/// <summary>How the job is doing, as it happens. Implementations must be quick and must not throw.</summary>
public interface ITrainingObserver
{
    /// <summary>A SecondaryStatus transition: Downloading, Training, Uploading (the executor does not report the final one).</summary>
    void OnSecondaryStatus(string status, string message);

    /// <summary>One line a host printed on stdout or stderr (also the executor's own notes, such as the bwrap fallback).</summary>
    void OnLogLine(string host, DateTimeOffset timestamp, string line);
}

public enum TrainingOutcomeKind
{
    Completed,
    Failed,
    Stopped,
    MaxRuntimeExceeded,
}

/// <summary>
/// How a job ended. <see cref="ModelArtifacts"/> is the s3:// URI of model.tar.gz when one was uploaded;
/// <see cref="TrainingTime"/> is the time the hosts ran (TrainingTimeInSeconds, and the billable time).
/// </summary>
public sealed record TrainingOutcome(TrainingOutcomeKind Kind, string? FailureReason, string? ModelArtifacts, TimeSpan TrainingTime);
