using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Training;

/// <summary>
/// CreateTrainingJob, DescribeTrainingJob, ListTrainingJobs and StopTrainingJob over the metadata store; created jobs
/// go to the <see cref="ITrainingJobQueue"/>.
/// Not supported yet: Pipe and FastFile input, AlgorithmName, InstanceGroups, FileSystemDataSource, warm pools, spot training (accepted and echoed), the
/// debugger and profiler configurations (ignored), UpdateTrainingJob, DeleteTrainingJob.
/// </summary>
/// <param name="roles">Null in tests that do not check roles; the server always has them.</param>
/// <param name="quotas">Null in tests that do not count instances; the server always has them.</param>
public sealed class TrainingJobService(TrainingJobStore jobs, IMetadataStore metadata, ITrainingJobQueue queue, TrainingOptions options, ExecutionRoles? roles = null, InstanceQuotas? quotas = null)
{
    /// <summary>SageMaker's default when StoppingCondition has no MaxRuntimeInSeconds: one day.</summary>
    public const int DefaultMaxRuntimeInSeconds = 86_400;

    /// <summary>Raised once when a job reaches Completed, Failed or Stopped (tuning refills its slots on it).</summary>
    public event Action<DescribeTrainingJobResponse>? JobEnded
    {
        add => jobs.JobEnded += value;
        remove => jobs.JobEnded -= value;
    }

    /// <summary>The job as DescribeTrainingJob would return it, or null when there is none (for callers that expect gaps).</summary>
    public Task<DescribeTrainingJobResponse?> FindAsync(string name, CancellationToken cancellationToken = default) => jobs.GetAsync(name, cancellationToken);

    public Task<CreateTrainingJobResponse> CreateAsync(CreateTrainingJobRequest request, CancellationToken cancellationToken = default) =>
        CreateAsync(request, tuningJobArn: null, cancellationToken);

    /// <summary>
    /// CreateTrainingJob; a tuning job creates its training jobs here with its own ARN, which DescribeTrainingJob then
    /// shows as TuningJobArn.
    /// </summary>
    public async Task<CreateTrainingJobResponse> CreateAsync(CreateTrainingJobRequest request, string? tuningJobArn, CancellationToken cancellationToken = default)
    {
        var image = Check(request);
        if (roles is not null)
        {
            await roles.RequireAsync(request.RoleArn, cancellationToken);
        }

        var metrics = MetricDefinitionsOf(image, request.AlgorithmSpecification!.MetricDefinitions);
        var name = request.TrainingJobName!;
        var arn = jobs.ArnOf(name);
        var now = jobs.Time.GetUtcNow();
        var condition = request.StoppingCondition!;
        var stopping = condition.MaxRuntimeInSeconds is null ? condition with { MaxRuntimeInSeconds = DefaultMaxRuntimeInSeconds } : condition;
        var job = new DescribeTrainingJobResponse
        {
            TrainingJobName = name,
            TrainingJobArn = arn,
            TuningJobArn = tuningJobArn,
            TrainingJobStatus = TrainingJobStatus.InProgress,
            SecondaryStatus = SecondaryStatus.Starting,
            HyperParameters = request.HyperParameters ?? new Dictionary<string, string>(),
            // As on SageMaker, a built-in algorithm's job describes the algorithm's metric definitions along with the user's.
            AlgorithmSpecification = request.AlgorithmSpecification! with
            {
                EnableSageMakerMetricsTimeSeries = request.AlgorithmSpecification.EnableSageMakerMetricsTimeSeries ?? false,
                MetricDefinitions = image.Kind == ImageKind.BuiltInAlgorithm ? metrics : request.AlgorithmSpecification.MetricDefinitions,
            },
            RoleArn = request.RoleArn,
            InputDataConfig = request.InputDataConfig,
            // AWS always answers with KmsKeyId, empty when none was given; the SageMaker SDK's attach reads it.
            OutputDataConfig = request.OutputDataConfig! with { KmsKeyId = request.OutputDataConfig!.KmsKeyId ?? "" },
            ResourceConfig = request.ResourceConfig!,
            VpcConfig = request.VpcConfig,
            StoppingCondition = stopping,
            CreationTime = now,
            LastModifiedTime = now,
            SecondaryStatusTransitions =
            [
                new SecondaryStatusTransition { Status = SecondaryStatus.Starting, StartTime = now, StatusMessage = "Starting the training job" },
            ],
            EnableNetworkIsolation = request.EnableNetworkIsolation ?? false,
            EnableInterContainerTrafficEncryption = request.EnableInterContainerTrafficEncryption ?? false,
            EnableManagedSpotTraining = request.EnableManagedSpotTraining ?? false,
            CheckpointConfig = request.CheckpointConfig,
            Environment = request.Environment,
            ProfilerConfig = request.ProfilerConfig,
            ProfilerRuleConfigurations = request.ProfilerRuleConfigurations,
            DebugHookConfig = request.DebugHookConfig,
            DebugRuleConfigurations = request.DebugRuleConfigurations,
            ExperimentConfig = request.ExperimentConfig,
            TensorBoardOutputConfig = request.TensorBoardOutputConfig,
            RetryStrategy = request.RetryStrategy,
        };

        using (quotas is null ? null : await quotas.AdmitAsync([new HeldInstances(arn, InstanceUsage.Training, job.ResourceConfig.InstanceType!, job.ResourceConfig.InstanceCount ?? 1)], cancellationToken))
        {
            try
            {
                await jobs.InsertAsync(job, cancellationToken);
            }
            catch (ResourceAlreadyExistsException existing)
            {
                throw TrainingErrors.DuplicateName(existing.Arn);
            }
        }

        await CreationTags.SetAsync(metadata, arn, request.Tags, cancellationToken);

        queue.Enqueue(ToRun(job, image), metrics);
        return new CreateTrainingJobResponse(arn);
    }

    /// <summary>
    /// Everything CreateTrainingJob checks before it creates the job, and the image it would run. Tuning jobs check
    /// their training job definitions with it, their paths under <paramref name="pathPrefix"/>.
    /// </summary>
    public static ResolvedImage Check(CreateTrainingJobRequest request, string pathPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(request);
        TrainingJobValidator.Validate(request, pathPrefix);
        var algorithm = request.AlgorithmSpecification!;
        var image = TrainingImageResolver.Resolve(algorithm.TrainingImage!, request.HyperParameters);
        if (image.Kind != ImageKind.Container && (algorithm.ContainerEntrypoint is not null || algorithm.ContainerArguments is not null))
        {
            // SageMaker's framework and built-in images are not run as images here (docs/containers.md), so there is
            // no entry point of theirs to replace.
            throw TrainingErrors.Validation($"AlgorithmSpecification.ContainerEntrypoint and ContainerArguments replace the entry point of a training image of your own; Sagebrush runs '{algorithm.TrainingImage}' itself. Use sagemaker_program for a framework image's script, or push your image to ECR.");
        }

        return image;
    }

    public async Task<DescribeTrainingJobResponse> DescribeAsync(string? name, CancellationToken cancellationToken = default)
    {
        TrainingJobValidator.ValidateName(name);
        return await jobs.GetAsync(name!, cancellationToken) ?? throw TrainingErrors.JobNotFound();
    }

    public async Task<ListTrainingJobsResponse> ListAsync(ListTrainingJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = TrainingJobQuery.Parse(request);
        return TrainingJobQuery.Apply(query, await jobs.ListAsync(cancellationToken));
    }

    /// <summary>Only an InProgress job can be stopped; it becomes Stopping until the scheduler records how it ended.</summary>
    public async Task StopAsync(string? name, CancellationToken cancellationToken = default)
    {
        TrainingJobValidator.ValidateName(name);
        var now = jobs.Time.GetUtcNow();
        await jobs.UpdateAsync(
            name!,
            job => job.TrainingJobStatus == TrainingJobStatus.InProgress
                ? TrainingTransitions.Enter(job, TrainingJobStatus.Stopping, SecondaryStatus.Stopping, "Stopping the training job", now)
                : throw TrainingErrors.NotStoppable(job.TrainingJobStatus),
            cancellationToken);
        queue.RequestStop(name!);
    }

    /// <summary>The user's metric definitions, and for a built-in algorithm also the algorithm's own (train:rmse, ...).</summary>
    /// <summary>The metric definitions a job of <paramref name="image"/> reports: the user's, then a built-in algorithm's own (as SageMaker describes them).</summary>
    public static List<MetricDefinition> MetricDefinitionsOf(ResolvedImage image, IReadOnlyList<MetricDefinition>? given)
    {
        List<MetricDefinition> metrics = [.. given ?? []];
        if (image.Kind == ImageKind.BuiltInAlgorithm)
        {
            metrics.AddRange(BuiltInAlgorithmMetrics.For(image.Name).Where(builtIn => metrics.TrueForAll(m => m.Name != builtIn.Name)));
        }

        return metrics;
    }

    private TrainingRun ToRun(DescribeTrainingJobResponse job, ResolvedImage image)
    {
        var algorithm = job.AlgorithmSpecification;
        var channels = (job.InputDataConfig ?? []).Select(c => new TrainingChannel(
            c.ChannelName!,
            c.DataSource!.S3DataSource!.S3DataType!,
            c.DataSource.S3DataSource.S3Uri!,
            c.DataSource.S3DataSource.S3DataDistributionType ?? "FullyReplicated",
            c.ContentType,
            c.CompressionType ?? "None",
            c.InputMode ?? algorithm.TrainingInputMode!)).ToList();
        var instanceType = job.ResourceConfig.InstanceType!;
        return new TrainingRun(
            job.TrainingJobName,
            job.TrainingJobArn,
            image,
            job.HyperParameters ?? new Dictionary<string, string>(),
            job.Environment ?? new Dictionary<string, string>(),
            channels,
            instanceType,
            job.ResourceConfig.InstanceCount!.Value,
            InstanceTypes.CpuCount(instanceType, options.ProcessorCount),
            job.EnableNetworkIsolation ?? false,
            TimeSpan.FromSeconds(job.StoppingCondition.MaxRuntimeInSeconds ?? DefaultMaxRuntimeInSeconds),
            job.OutputDataConfig!.S3OutputPath!,
            job.CheckpointConfig is { S3Uri: { } uri } checkpoint
                ? new CheckpointLocation(uri, checkpoint.LocalPath ?? "/opt/ml/checkpoints")
                : null)
        {
            Resources = InstanceTypes.Resources(instanceType, job.ResourceConfig.VolumeSizeInGB ?? 1, options.ProcessorCount),
            ContainerEntrypoint = algorithm.ContainerEntrypoint,
            ContainerArguments = algorithm.ContainerArguments,
        };
    }
}
