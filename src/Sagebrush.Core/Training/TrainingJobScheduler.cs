using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sagebrush.Core.Common;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Logs;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Training;

/// <summary>
/// Runs created jobs in the background through <see cref="ITrainingExecutor"/>, at most
/// <see cref="TrainingOptions.MaxConcurrentJobs"/> at a time; the others wait as InProgress/Starting, as SageMaker
/// shows a job whose instances are not ready. Records each outcome on the job document.
/// On start (<see cref="RecoverAsync"/>), jobs a previous process left InProgress or Stopping are Failed: nothing runs
/// them any more. On shutdown, running jobs are cancelled and left as they are for that recovery to find.
/// </summary>
public sealed partial class TrainingJobScheduler : ITrainingJobQueue, IBackgroundController, IDisposable
{
    public string Runs => "training jobs";

    /// <summary>Cancelled jobs get this long to return (executors send SIGTERM, then kill).</summary>
    public TimeSpan ShutdownGrace => TimeSpan.FromSeconds(10);

    public const string RestartFailureReason = "the server restarted";
    public const string NoExecutorFailureReason = "this Sagebrush server has no training executor registered";

    private readonly TrainingJobStore jobs;
    private readonly ITrainingExecutor? executor;
    private readonly ILogStore? logs;
    private readonly IMetricHistory metrics;
    private readonly SemaphoreSlim slots;
    private readonly CancellationTokenSource shutdown = new();
    private int disposed;
    private readonly ConcurrentDictionary<string, ScheduledJob> active = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="executor">Null until an executor is registered: jobs then fail with <see cref="NoExecutorFailureReason"/>.</param>
    /// <param name="logs">Null when no log store is registered: log lines are dropped, metrics still parsed.</param>
    private readonly ILogger<TrainingJobScheduler> logger;

    public TrainingJobScheduler(TrainingJobStore jobs, ITrainingExecutor? executor, ILogStore? logs, IMetricHistory metrics, TrainingOptions options, ILogger<TrainingJobScheduler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.logger = logger ?? NullLogger<TrainingJobScheduler>.Instance;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentJobs, 1);
        this.jobs = jobs;
        this.executor = executor;
        this.logs = logs;
        this.metrics = metrics;
        slots = new SemaphoreSlim(options.MaxConcurrentJobs, options.MaxConcurrentJobs);
    }

    /// <summary>Jobs this scheduler holds: running or waiting for a slot.</summary>
    public int ActiveCount => active.Count;

    public async Task RecoverAsync(CancellationToken cancellationToken = default)
    {
        foreach (var job in await jobs.ListAsync(cancellationToken))
        {
            if (job.TrainingJobStatus is TrainingJobStatus.InProgress or TrainingJobStatus.Stopping && !active.ContainsKey(job.TrainingJobName))
            {
                var now = jobs.Time.GetUtcNow();
                await jobs.UpdateAsync(
                    job.TrainingJobName,
                    current => current.TrainingJobStatus is TrainingJobStatus.InProgress or TrainingJobStatus.Stopping
                        ? TrainingTransitions.Enter(current, TrainingJobStatus.Failed, SecondaryStatus.Failed, "Training job failed", now, final: true) with
                        {
                            FailureReason = RestartFailureReason,
                            TrainingEndTime = current.TrainingStartTime is null ? null : now,
                        }
                        : null,
                    cancellationToken);
            }
        }
    }

    public void Enqueue(TrainingRun run, IReadOnlyList<MetricDefinition> metricDefinitions)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metricDefinitions);
        var job = new ScheduledJob(CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token));
        if (!active.TryAdd(run.JobName, job))
        {
            job.Stop.Dispose();
            throw new InvalidOperationException($"Training job {run.JobName} is already scheduled.");
        }

        job.Task = Task.Run(() => RunAsync(run, metricDefinitions, job));
    }

    public void RequestStop(string jobName)
    {
        if (active.TryGetValue(jobName, out var job))
        {
            job.StopRequested = true;
            job.Stop.Cancel();
        }
    }

    /// <summary>Completes when every job scheduled so far has ended (tests and shutdown).</summary>
    public Task WhenIdleAsync() => Task.WhenAll(active.Values.Select(j => j.Task));

    /// <summary>Cancels every job and waits up to <paramref name="grace"/> for the executors to return.</summary>
    public async Task ShutdownAsync(TimeSpan grace)
    {
        await shutdown.CancelAsync();
        try
        {
            await WhenIdleAsync().WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            // Whatever is still running is recovered as Failed on the next start.
        }
    }

    /// <summary>Idempotent: the container disposes it once per registration it is resolved under.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        shutdown.Cancel();
        shutdown.Dispose();
        slots.Dispose();
    }

    private async Task RunAsync(TrainingRun run, IReadOnlyList<MetricDefinition> metricDefinitions, ScheduledJob job)
    {
        try
        {
            try
            {
                await slots.WaitAsync(job.Stop.Token);
            }
            catch (OperationCanceledException)
            {
                if (job.StopRequested)
                {
                    await FinishAsync(run.JobName, new TrainingOutcome(TrainingOutcomeKind.Stopped, null, null, TimeSpan.Zero), [], started: false);
                }

                return;
            }

            try
            {
                await RunOnSlotAsync(run, metricDefinitions, job);
            }
            finally
            {
                slots.Release();
            }
        }
#pragma warning disable CA1031 // The job's task must end; a store failure here leaves the job for restart recovery.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            LogJobAbandoned(logger, failure, run.JobName);
        }
        finally
        {
            active.TryRemove(run.JobName, out _);
            job.Stop.Dispose();
        }
    }

    private async Task RunOnSlotAsync(TrainingRun run, IReadOnlyList<MetricDefinition> metricDefinitions, ScheduledJob job)
    {
        var start = jobs.Time.GetUtcNow();
        await jobs.UpdateAsync(run.JobName, current => current with { TrainingStartTime = start });
        var observer = new TrainingJobObserver(run, start, metricDefinitions, jobs, logs, metrics);
        TrainingOutcome outcome;
        if (executor is null)
        {
            outcome = new TrainingOutcome(TrainingOutcomeKind.Failed, NoExecutorFailureReason, null, TimeSpan.Zero);
        }
        else
        {
            try
            {
                outcome = await executor.RunAsync(run, observer, job.Stop.Token);
            }
#pragma warning disable CA1031 // The contract says executors do not throw; one that does fails its job, not the server.
            catch (Exception crashed)
#pragma warning restore CA1031
            {
                outcome = new TrainingOutcome(
                    job.Stop.IsCancellationRequested ? TrainingOutcomeKind.Stopped : TrainingOutcomeKind.Failed,
                    $"InternalServerError: the training executor failed: {crashed.Message}",
                    null,
                    jobs.Time.GetUtcNow() - start);
            }
        }

        await observer.CompleteAsync();
        if (shutdown.IsCancellationRequested && !job.StopRequested && outcome.Kind == TrainingOutcomeKind.Stopped)
        {
            // Stopped by the server going down, not by the user: leave it for RecoverAsync on the next start.
            return;
        }

        await FinishAsync(run.JobName, outcome, observer.FinalMetrics, started: true);
    }

    private Task FinishAsync(string name, TrainingOutcome outcome, IReadOnlyList<MetricData> finalMetrics, bool started)
    {
        var end = jobs.Time.GetUtcNow();
        var (status, secondary, message) = outcome.Kind switch
        {
            TrainingOutcomeKind.Completed => (TrainingJobStatus.Completed, SecondaryStatus.Completed, "Training job completed"),
            TrainingOutcomeKind.Stopped => (TrainingJobStatus.Stopped, SecondaryStatus.Stopped, "Training job stopped"),
            // SageMaker: "MaxRuntimeExceeded - The job stopped because it exceeded the maximum allowed runtime" is a
            // secondary status of Stopped.
            TrainingOutcomeKind.MaxRuntimeExceeded => (TrainingJobStatus.Stopped, SecondaryStatus.MaxRuntimeExceeded, "Training job stopped because it exceeded MaxRuntimeInSeconds"),
            _ => (TrainingJobStatus.Failed, SecondaryStatus.Failed, "Training job failed"),
        };
        // BillableTimeInSeconds is wall-clock time per instance (AWS: multiply it by InstanceCount for the total).
        var seconds = started ? (int)Math.Round(outcome.TrainingTime.TotalSeconds, MidpointRounding.AwayFromZero) : (int?)null;
        return jobs.UpdateAsync(name, job => TrainingTransitions.Enter(job, status, secondary, message, end, final: true) with
        {
            FailureReason = status == TrainingJobStatus.Failed ? outcome.FailureReason ?? "AlgorithmError: the training job failed" : null,
            ModelArtifacts = outcome.ModelArtifacts is { } artifacts ? new ModelArtifacts { S3ModelArtifacts = artifacts } : job.ModelArtifacts,
            TrainingEndTime = started ? end : null,
            TrainingTimeInSeconds = seconds,
            BillableTimeInSeconds = seconds,
            FinalMetricDataList = finalMetrics.Count > 0 ? finalMetrics : job.FinalMetricDataList,
        });
    }

    private sealed class ScheduledJob(CancellationTokenSource stop)
    {
        public CancellationTokenSource Stop { get; } = stop;

        public volatile bool StopRequested;

        public Task Task { get; set; } = Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Training job {JobName} could not be brought to an end state; it stays InProgress until the server restarts, which marks it Failed")]
    private static partial void LogJobAbandoned(ILogger logger, Exception exception, string jobName);
}
