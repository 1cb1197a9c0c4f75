using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sagebrush.Core.Common;
using Sagebrush.Core.Compilation.Shapes;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Compute.Files;
using Sagebrush.Core.Compute.Jobs;
using Sagebrush.Core.Compute.Sandbox;
using Sagebrush.Core.Logs;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Compilation;

/// <summary>
/// Runs compilation jobs in the background on the job spine, at most <see cref="CompilationOptions.MaxConcurrentJobs"/>
/// at a time: one sandboxed host runs the compiler (<see cref="CompilationJobPlugin"/>) within the job's
/// MaxRuntimeInSeconds; its lines go to the log group <c>/aws/sagemaker/CompilationJobs</c>. Compilation holds no
/// ml.* instance: it is neither metered nor counted against instance quotas (Neo does not bill compilation).
/// </summary>
public sealed partial class CompilationJobController : IBackgroundController, IDisposable
{
    public const string LogGroup = "/aws/sagemaker/CompilationJobs";

    private readonly JobStore<DescribeCompilationJobResponse> jobs;
    private readonly IHostLauncher launcher;
    private readonly IObjectStore store;
    private readonly ILogStore? logs;
    private readonly CompilationOptions options;
    private readonly string workRoot;
    private readonly ILogger logger;
    private readonly JobQueue queue;

    public CompilationJobController(JobStore<DescribeCompilationJobResponse> jobs, IHostLauncher launcher, IObjectStore store, ILogStore? logs, CompilationOptions options, string workRoot, ILogger<CompilationJobController>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.jobs = jobs;
        this.launcher = launcher;
        this.store = store;
        this.logs = logs;
        this.options = options;
        this.workRoot = workRoot;
        this.logger = logger ?? NullLogger<CompilationJobController>.Instance;
        queue = new JobQueue(options.MaxConcurrentJobs);
    }

    public string Runs => "compilation jobs";

    public TimeSpan ShutdownGrace => TimeSpan.FromSeconds(10);

    public void Enqueue(DescribeCompilationJobResponse job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var name = job.CompilationJobName;
        queue.Enqueue(
            name,
            ticket => RunAsync(job, ticket),
            () => FinishAsync(name, JobOutcome.Stopped, digest: null, started: false),
            failure => LogAbandoned(logger, failure, name));
    }

    public void RequestStop(string name) => queue.RequestStop(name);

    public Task RecoverAsync(CancellationToken cancellationToken) => jobs.FailInterruptedAsync(
        queue.IsActive,
        (job, now) => job with { CompilationJobStatus = CompilationStatus.Failed, FailureReason = JobFailures.ServerRestarted, CompilationEndTime = now },
        cancellationToken);

    public Task ShutdownAsync(TimeSpan grace) => queue.ShutdownAsync(grace);

    public void Dispose() => queue.Dispose();

    private async Task RunAsync(DescribeCompilationJobResponse job, JobTicket ticket)
    {
        var name = job.CompilationJobName;
        var start = jobs.Time.GetUtcNow();
        await jobs.UpdateAsync(name, current => current with { CompilationStartTime = start });
        var resources = new HostResources(
            Math.Max(1, Math.Min(options.VCpus, options.ProcessorCount)),
            HostResources.Gibibytes(options.MemoryGiB),
            HostResources.ProcessesFor(options.VCpus),
            HostResources.Gibibytes(options.VolumeSizeInGB));
        var spec = new JobSpec(
            name, 1, resources, NetworkIsolation: true,
            TimeSpan.FromSeconds(job.StoppingCondition.MaxRuntimeInSeconds ?? CompilationJobValidator.DefaultMaxRuntimeInSeconds),
            options.StopGracePeriod);
        var directory = Path.Combine(workRoot, name);
        string? digest = null;
        var plugin = new CompilationJobPlugin(store, job, value => digest = value);
        var outcome = await new JobSpine(launcher, jobs.Time, options.VolumeCheckInterval)
            .RunLoggedAsync(spec, directory, plugin, logs, LogGroup, start, ticket.Cancelled);

        if (queue.ShuttingDown && !ticket.StopRequested && outcome.Kind == JobOutcomeKind.Stopped)
        {
            return; // the server is going down: RecoverAsync on the next start records it
        }

        await FinishAsync(name, outcome, digest, started: true);
    }

    private Task FinishAsync(string name, JobOutcome outcome, string? digest, bool started)
    {
        var end = jobs.Time.GetUtcNow();
        var (status, reason) = outcome.Kind switch
        {
            JobOutcomeKind.Completed => (CompilationStatus.Completed, string.Empty),
            JobOutcomeKind.Stopped => (CompilationStatus.Stopped, string.Empty),
            JobOutcomeKind.MaxRuntimeExceeded => (CompilationStatus.Failed, "ClientError: The compilation job exceeded its MaxRuntimeInSeconds and was stopped."),
            _ => (CompilationStatus.Failed, outcome.FailureReason ?? "InternalServerError: the compiler failed."),
        };
        return jobs.UpdateAsync(name, job => job with
        {
            CompilationJobStatus = status,
            FailureReason = reason,
            ModelArtifacts = outcome.Artifacts is { } artifacts ? new NeoModelArtifacts(artifacts) : job.ModelArtifacts,
            ModelDigests = digest is null ? job.ModelDigests : new NeoModelDigests(digest),
            CompilationEndTime = end,
            CompilationStartTime = job.CompilationStartTime ?? (started ? end : null),
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Compilation job {JobName} could not be brought to an end state; it stays INPROGRESS until the server restarts, which marks it FAILED")]
    private static partial void LogAbandoned(ILogger logger, Exception exception, string jobName);
}
