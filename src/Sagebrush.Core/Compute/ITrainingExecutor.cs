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

/// <summary>How a training job is doing, as it happens (SecondaryStatus transitions and log lines).</summary>
public interface ITrainingObserver : Jobs.IJobObserver;

/// <summary>The same values as <see cref="Jobs.JobOutcomeKind"/>, in the same order.</summary>
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
