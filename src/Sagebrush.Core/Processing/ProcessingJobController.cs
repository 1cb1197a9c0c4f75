using Sagebrush.Core.Account.Billing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sagebrush.Core.Common;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Compute.Files;
using Sagebrush.Core.Compute.Jobs;
using Sagebrush.Core.Logs;
using Sagebrush.Core.Processing.Shapes;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Processing;

/// <summary>
/// Runs processing jobs in the background on the <see cref="JobSpine"/>, a few at a time (<see cref="JobQueue"/>),
/// each in <c>&lt;work-root&gt;/&lt;job&gt;/</c>, removed when it ends; its lines go to CloudWatch Logs
/// (<c>/aws/sagemaker/ProcessingJobs</c>, stream <c>&lt;job&gt;/algo-N-&lt;epoch&gt;</c>). Records how each ended. On start,
/// jobs a previous process left InProgress or Stopping are Failed; on shutdown, running jobs are cancelled and left
/// for that recovery.
/// </summary>
public sealed partial class ProcessingJobController : IBackgroundController, IDisposable
{
    public const string LogGroup = "/aws/sagemaker/ProcessingJobs";

    private readonly JobStore<DescribeProcessingJobResponse> jobs;
    private readonly IHostLauncher launcher;
    private readonly IObjectStore store;
    private readonly ILogStore? logs;
    private readonly ProcessingOptions options;
    private readonly string workRoot;
    private readonly ILogger logger;
    private readonly JobQueue queue;
    private readonly IUsageMeter? meter;
    private readonly Containers.ContainerLauncher? containers;

    public ProcessingJobController(
        JobStore<DescribeProcessingJobResponse> jobs, IHostLauncher launcher, IObjectStore store, ILogStore? logs, ProcessingOptions options, string workRoot,
        ILogger<ProcessingJobController>? logger = null, IUsageMeter? meter = null, Containers.ContainerLauncher? containers = null)
    {
        this.containers = containers;
        this.meter = meter;
        ArgumentNullException.ThrowIfNull(options);
        this.jobs = jobs;
        this.launcher = launcher;
        this.store = store;
        this.logs = logs;
        this.options = options;
        this.workRoot = workRoot;
        this.logger = logger ?? NullLogger<ProcessingJobController>.Instance;
        queue = new JobQueue(options.MaxConcurrentJobs);
    }

    public string Runs => "processing jobs";

    public TimeSpan ShutdownGrace => TimeSpan.FromSeconds(10);

    public void Enqueue(DescribeProcessingJobResponse job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var name = job.ProcessingJobName;
        queue.Enqueue(
            name,
            ticket => RunAsync(job, ticket),
            () => FinishAsync(name, JobOutcome.Stopped, exitMessage: null, started: false),
            failure => LogAbandoned(logger, failure, name));
    }

    public void RequestStop(string name) => queue.RequestStop(name);

    /// <summary>Completes when every job queued so far has ended (tests).</summary>
    public Task WhenIdleAsync() => queue.WhenIdleAsync();

    public Task RecoverAsync(CancellationToken cancellationToken) => jobs.FailInterruptedAsync(
        queue.IsActive,
        (job, now) => job with { ProcessingJobStatus = JobStatus.Failed, FailureReason = JobFailures.ServerRestarted, ProcessingEndTime = now },
        cancellationToken);

    public Task ShutdownAsync(TimeSpan grace) => queue.ShutdownAsync(grace);

    public void Dispose() => queue.Dispose();

    private async Task RunAsync(DescribeProcessingJobResponse job, JobTicket ticket)
    {
        var name = job.ProcessingJobName;
        var start = jobs.Time.GetUtcNow();
        await jobs.UpdateAsync(name, current => current with { ProcessingStartTime = start });
        var cluster = job.ProcessingResources.ClusterConfig!;
        var image = ProcessingImages.Resolve(job.AppSpecification.ImageUri!, job.AppSpecification.ContainerEntrypoint);
        var spec = new JobSpec(
            name,
            cluster.InstanceCount!.Value,
            InstanceTypes.Resources(cluster.InstanceType!, cluster.VolumeSizeInGB!.Value, options.ProcessorCount),
            job.NetworkConfig?.EnableNetworkIsolation ?? false,
            TimeSpan.FromSeconds(job.StoppingCondition?.MaxRuntimeInSeconds ?? ProcessingOptions.DefaultMaxRuntimeInSeconds),
            options.StopGracePeriod)
        {
            Metered = new MeteredUse(job.ProcessingJobArn, InstanceUsage.Processing, cluster.InstanceType!, cluster.InstanceCount.Value),
            Container = image.Kind == ImageKind.Container ? image.Image : null,
        };
        var directory = Path.Combine(workRoot, name);
        string? message = null;
        var plugin = new ProcessingJobPlugin(store, options, job, text => message = text, inContainer: image.Kind == ImageKind.Container);
        var outcome = await new JobSpine(launcher, jobs.Time, options.VolumeCheckInterval, meter, containers)
            .RunLoggedAsync(spec, directory, plugin, logs, LogGroup, start, ticket.Cancelled);

        if (queue.ShuttingDown && !ticket.StopRequested && outcome.Kind == JobOutcomeKind.Stopped)
        {
            return; // the server is going down: RecoverAsync on the next start records it
        }

        await FinishAsync(name, outcome, message, started: true);
    }

    private Task FinishAsync(string name, JobOutcome outcome, string? exitMessage, bool started)
    {
        var end = jobs.Time.GetUtcNow();
        var (status, reason) = outcome.Kind switch
        {
            JobOutcomeKind.Completed => (JobStatus.Completed, null),
            JobOutcomeKind.Stopped => (JobStatus.Stopped, null),
            JobOutcomeKind.MaxRuntimeExceeded => (JobStatus.Stopped, (string?)null),
            _ => (JobStatus.Failed, outcome.FailureReason ?? "AlgorithmError: See job logs for more information."),
        };
        return jobs.UpdateAsync(name, job => job with
        {
            ProcessingJobStatus = status,
            FailureReason = reason,
            ExitMessage = string.IsNullOrEmpty(exitMessage) ? job.ExitMessage : exitMessage,
            ProcessingEndTime = end,
            ProcessingStartTime = job.ProcessingStartTime ?? (started ? end : null),
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing job {JobName} could not be brought to an end state; it stays InProgress until the server restarts, which marks it Failed")]
    private static partial void LogAbandoned(ILogger logger, Exception exception, string jobName);
}
