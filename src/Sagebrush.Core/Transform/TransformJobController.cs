using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sagebrush.Core.Common;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Compute.Files;
using Sagebrush.Core.Compute.Jobs;
using Sagebrush.Core.Hosting.Endpoints;
using Sagebrush.Core.Hosting.Instances;
using Sagebrush.Core.Hosting.Models;
using Sagebrush.Core.Hosting.Routing;
using Sagebrush.Core.Hosting.Shapes;
using Sagebrush.Core.Logs;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Objects;
using Sagebrush.Core.Transform.Batch;
using Sagebrush.Core.Transform.Shapes;

namespace Sagebrush.Core.Transform;

/// <summary>
/// Runs transform jobs in the background, a few at a time (<see cref="JobQueue"/>): the input files are listed (a
/// missing prefix fails the job before any instance starts), the model's serving instances start as an endpoint's
/// would (<see cref="DeploymentBuilder"/>, each sandboxed on a network of its own, logging to
/// <c>/aws/sagemaker/TransformJobs</c>, stream <c>&lt;job&gt;/&lt;instance&gt;</c>), the files are dealt to them and each
/// instance's <see cref="BatchTransformer"/> works through its share; the agent's own lines go to the stream
/// <c>&lt;job&gt;/&lt;instance&gt;/data-log</c>. Unset BatchStrategy, MaxConcurrentTransforms and MaxPayloadInMB come from
/// the container's /execution-parameters, then SageMaker's defaults. On start, jobs a previous process left
/// InProgress or Stopping are Failed.
/// </summary>
public sealed partial class TransformJobController : IBackgroundController, IDisposable
{
    public const string LogGroup = "/aws/sagemaker/TransformJobs";
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    private readonly JobStore<DescribeTransformJobResponse> jobs;
    private readonly ModelService models;
    private readonly DeploymentBuilder instances;
    private readonly IObjectStore store;
    private readonly ILogStore? logs;
    private readonly TransformOptions options;
    private readonly string workRoot;
    private readonly ILogger logger;
    private readonly JobQueue queue;

    public TransformJobController(
        JobStore<DescribeTransformJobResponse> jobs,
        ModelService models,
        DeploymentBuilder instances,
        IObjectStore store,
        ILogStore? logs,
        TransformOptions options,
        string workRoot,
        ILogger<TransformJobController>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.jobs = jobs;
        this.models = models;
        this.instances = instances;
        this.store = store;
        this.logs = logs;
        this.options = options;
        this.workRoot = workRoot;
        this.logger = logger ?? NullLogger<TransformJobController>.Instance;
        queue = new JobQueue(options.MaxConcurrentJobs);
    }

    public string Runs => "transform jobs";

    public TimeSpan ShutdownGrace => TimeSpan.FromSeconds(10);

    public void Enqueue(DescribeTransformJobResponse job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var name = job.TransformJobName;
        queue.Enqueue(
            name,
            ticket => RunAsync(job, ticket),
            () => FinishAsync(name, JobStatus.Stopped, null, started: false),
            failure => LogAbandoned(logger, failure, name));
    }

    public void RequestStop(string name) => queue.RequestStop(name);

    public Task WhenIdleAsync() => queue.WhenIdleAsync();

    public Task RecoverAsync(CancellationToken cancellationToken) => jobs.FailInterruptedAsync(
        queue.IsActive,
        (job, now) => job with { TransformJobStatus = JobStatus.Failed, FailureReason = JobFailures.ServerRestarted, TransformEndTime = now },
        cancellationToken);

    public Task ShutdownAsync(TimeSpan grace) => queue.ShutdownAsync(grace);

    public void Dispose() => queue.Dispose();

    private async Task RunAsync(DescribeTransformJobResponse job, JobTicket ticket)
    {
        var name = job.TransformJobName;
        var start = jobs.Time.GetUtcNow();
        await jobs.UpdateAsync(name, current => current with { TransformStartTime = start });
        var directory = Path.Combine(workRoot, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        string status;
        string? reason = null;
        await using (var dataLog = new JobLogWriter(logs, LogGroup, name, start, streamOf: host => $"{name}/{host}/data-log"))
        {
            try
            {
                await TransformAsync(job, directory, dataLog, ticket.Cancelled);
                status = JobStatus.Completed;
            }
            catch (OperationCanceledException) when (ticket.Cancelled.IsCancellationRequested)
            {
                status = JobStatus.Stopped;
            }
#pragma warning disable CA1031 // a job that breaks is Failed with what happened, never left InProgress
            catch (Exception exception)
#pragma warning restore CA1031
            {
                var failure = Reason(exception);
                (status, reason) = (JobStatus.Failed, JobFailures.Trim(failure));
                dataLog.OnLogLine("agent", jobs.Time.GetUtcNow(), "Sagebrush: the job failed: " + failure);
            }
            finally
            {
                WorkDirectories.TryDelete(directory);
            }
        }

        if (queue.ShuttingDown && !ticket.StopRequested && status == JobStatus.Stopped)
        {
            return; // the server is going down: RecoverAsync on the next start records it
        }

        await FinishAsync(name, status, reason, started: true);
    }

    /// <summary>A failure's FailureReason, in SageMaker's words.</summary>
    private static string Reason(Exception exception) => exception switch
    {
        ChannelStagingException staging => "ClientError: " + staging.Message,
        DeploymentException deployment => deployment.Message,
        ModelInvocationException model => "ClientError: See job logs for more information. " + model.Message,
        RecordTooLargeException large => "ClientError: " + large.Message,
        RecordFilterException filter => "ClientError: " + filter.Message,
        InvalidDataException data => "ClientError: The input could not be read: " + data.Message,
        AwsException aws => $"ClientError: {aws.Code}: {aws.Message}",
        _ => "InternalServerError: " + exception.Message,
    };

    private async Task TransformAsync(DescribeTransformJobResponse job, string directory, JobLogWriter dataLog, CancellationToken stop)
    {
        var name = job.TransformJobName;
        var source = job.TransformInput.DataSource!.S3DataSource!;
        var files = await new ChannelStager(store).ResolveAsync(
            new TrainingChannel("transform", source.S3DataType!, source.S3Uri!, "ShardedByS3Key", job.TransformInput.ContentType, "None", "File"), stop);
        if (files.Count == 0)
        {
            throw new ChannelStagingException($"No S3 objects found under S3 URL \"{source.S3Uri}\" given in input data source. Please ensure that the bucket exists and that objects exist under that S3 prefix.");
        }

        var model = await models.RequireAsync(job.ModelName, stop);
        var container = ModelService.ServingContainer(model);
        var environment = new Dictionary<string, string>(container.Environment ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in job.Environment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        environment["SAGEMAKER_BATCH"] = "true";
        var resources = job.TransformResources;
        var spec = new DeploymentSpec
        {
            EndpointConfigName = name,
            Variants =
            [
                new VariantSpec
                {
                    VariantName = "AllTraffic",
                    ModelName = job.ModelName,
                    Image = container.Image!,
                    ModelDataUrl = container.ModelDataUrl,
                    Environment = environment,
                    InstanceType = resources.InstanceType!,
                    InstanceCount = resources.InstanceCount!.Value,
                    Weight = 1,
                    VolumeSizeInGB = options.VolumeSizeInGB,
                },
            ],
        };

        var started = jobs.Time.GetTimestamp();
        await using var deployment = await instances.StartAsync(name, spec, stop);
        var running = deployment.Variants[0].Instances;
        var settings = await SettleAsync(job, running[0], stop);
        dataLog.OnLogLine("agent", jobs.Time.GetUtcNow(), string.Create(CultureInfo.InvariantCulture,
            $"Sagebrush: {running.Length} instance(s) answered /ping in {jobs.Time.GetElapsedTime(started).TotalSeconds:0.00} s; {files.Count} file(s); BatchStrategy {(settings.MultiRecord ? "MultiRecord" : "SingleRecord")}, MaxConcurrentTransforms {settings.MaxConcurrentTransforms}, MaxPayloadInMB {settings.MaxPayloadBytes / (1024 * 1024)}"));
        await jobs.UpdateAsync(name, current => current with
        {
            SagebrushProgress = new TransformProgress { FilesTotal = files.Count },
        }, stop);

        var progress = new Progress(files.Count);
        var output = S3Location.Parse(job.TransformOutput!.S3OutputPath!);
        var joiner = new RecordJoiner(job.DataProcessing, job.TransformInput.ContentType);
        using var reporting = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var reporter = ReportProgressAsync(name, progress, reporting.Token);
        try
        {
            await Task.WhenAll(running.Select((instance, index) => Task.Run(async () =>
            {
                var transformer = new BatchTransformer(store, settings, joiner, directory, line => dataLog.OnLogLine(instance.Id, jobs.Time.GetUtcNow(), line), progress.AddRecords);
                transformer.FirstAnswer += () => dataLog.OnLogLine(instance.Id, jobs.Time.GetUtcNow(), "Sagebrush: first record predicted");
                for (var i = index; i < files.Count; i += running.Length)
                {
                    await transformer.TransformFileAsync(instance, files[i], output, stop);
                    progress.FileDone();
                }
            }, stop)));
        }
        finally
        {
            await reporting.CancelAsync();
            await reporter;
        }

        await jobs.UpdateAsync(name, current => current with { SagebrushProgress = progress.Snapshot() }, CancellationToken.None);
    }

    /// <summary>The job's parameters, then the container's /execution-parameters, then SageMaker's defaults.</summary>
    private static async Task<BatchSettings> SettleAsync(DescribeTransformJobResponse job, ModelInstance instance, CancellationToken stop)
    {
        int? concurrent = null, payload = null;
        string? strategy = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await instance.Client.GetAsync(new Uri(instance.InvocationsUri, "/execution-parameters"), timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                using var parameters = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
                var root = parameters.RootElement;
                concurrent = root.TryGetProperty("MaxConcurrentTransforms", out var c) && c.TryGetInt32(out var ci) && ci > 0 ? ci : null;
                payload = root.TryGetProperty("MaxPayloadInMB", out var p) && p.TryGetInt32(out var pi) && pi >= 0 ? pi : null;
                strategy = root.TryGetProperty("BatchStrategy", out var s) ? s.GetString() : null;
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or InvalidOperationException || (exception is OperationCanceledException && !stop.IsCancellationRequested))
        {
            // A container without /execution-parameters gets SageMaker's defaults.
        }

        var split = job.TransformInput.SplitType ?? "None";
        var multi = (job.BatchStrategy ?? (strategy is "MULTI_RECORD" or "MultiRecord" ? "MultiRecord" : "SingleRecord")) == "MultiRecord" && split != "None";
        var maxPayload = job.MaxPayloadInMB ?? payload ?? TransformOptions.DefaultMaxPayloadInMB;
        var maxConcurrent = job.MaxConcurrentTransforms is > 0 ? job.MaxConcurrentTransforms.Value : concurrent ?? TransformOptions.DefaultMaxConcurrentTransforms;
        if (maxPayload > 0 && (long)maxPayload * maxConcurrent > TransformJobValidator.MaxPayloadLimitInMB)
        {
            maxConcurrent = Math.Max(1, TransformJobValidator.MaxPayloadLimitInMB / maxPayload);
        }

        var client = job.ModelClientConfig;
        return new BatchSettings(
            split,
            multi,
            maxPayload * 1024L * 1024L,
            maxConcurrent,
            TimeSpan.FromSeconds(client?.InvocationsTimeoutInSeconds ?? TransformOptions.DefaultInvocationsTimeoutInSeconds),
            client?.InvocationsMaxRetries ?? TransformOptions.DefaultInvocationsMaxRetries,
            job.TransformInput.CompressionType == "Gzip",
            job.TransformInput.ContentType,
            job.TransformOutput?.Accept,
            job.TransformOutput?.AssembleWith == "Line");
    }

    private async Task ReportProgressAsync(string name, Progress progress, CancellationToken done)
    {
        try
        {
            while (true)
            {
                await Task.Delay(ProgressInterval, jobs.Time, done);
                await jobs.UpdateAsync(name, current => current with { SagebrushProgress = progress.Snapshot() }, done);
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
        }
    }

    private Task FinishAsync(string name, string status, string? reason, bool started)
    {
        var end = jobs.Time.GetUtcNow();
        return jobs.UpdateAsync(name, job => job with
        {
            TransformJobStatus = status,
            FailureReason = reason,
            TransformEndTime = started ? end : null,
        });
    }

    /// <summary>Files and records done so far, counted from every instance's transformer.</summary>
    private sealed class Progress(int files)
    {
        private int filesDone;
        private long records;

        public void FileDone() => Interlocked.Increment(ref filesDone);

        public void AddRecords(int count) => Interlocked.Add(ref records, count);

        public TransformProgress Snapshot() => new() { FilesTotal = files, FilesDone = Volatile.Read(ref filesDone), RecordsDone = Interlocked.Read(ref records) };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Transform job {JobName} could not be brought to an end state; it stays InProgress until the server restarts, which marks it Failed")]
    private static partial void LogAbandoned(ILogger logger, Exception exception, string jobName);
}
