using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.Common;
using Sagebrush.Core.Processing.Shapes;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Processing;

/// <summary>
/// CreateProcessingJob, DescribeProcessingJob, ListProcessingJobs and StopProcessingJob over the metadata store;
/// created jobs go to the <see cref="ProcessingJobController"/>.
/// Not supported yet: Pipe input, DatasetDefinition (Athena, Redshift), FeatureStoreOutput, Continuous upload
/// (uploaded at the end, as EndOfJob), images other than SageMaker's framework images.
/// </summary>
/// <param name="roles">Null in tests that do not check roles; the server always has them.</param>
/// <param name="quotas">Null in tests that do not count instances; the server always has them.</param>
public sealed class ProcessingJobService(JobStore<DescribeProcessingJobResponse> jobs, IMetadataStore metadata, ProcessingJobController controller, ExecutionRoles? roles = null, InstanceQuotas? quotas = null)
{
    public async Task<CreateProcessingJobResponse> CreateAsync(CreateProcessingJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ProcessingJobValidator.Validate(request);
        ProcessingImages.Resolve(request.AppSpecification!.ImageUri!, request.AppSpecification.ContainerEntrypoint);
        if (roles is not null)
        {
            await roles.RequireAsync(request.RoleArn, cancellationToken);
        }

        var name = request.ProcessingJobName!;
        var arn = jobs.ArnOf(name);
        var now = jobs.Time.GetUtcNow();
        var job = new DescribeProcessingJobResponse
        {
            ProcessingInputs = request.ProcessingInputs?.Select(WithDefaults).ToList(),
            ProcessingOutputConfig = request.ProcessingOutputConfig,
            ProcessingJobName = name,
            ProcessingResources = request.ProcessingResources!,
            StoppingCondition = request.StoppingCondition ?? new ProcessingStoppingCondition { MaxRuntimeInSeconds = ProcessingOptions.DefaultMaxRuntimeInSeconds },
            AppSpecification = request.AppSpecification,
            Environment = request.Environment,
            NetworkConfig = request.NetworkConfig,
            RoleArn = request.RoleArn,
            ExperimentConfig = request.ExperimentConfig,
            ProcessingJobArn = arn,
            ProcessingJobStatus = JobStatus.InProgress,
            CreationTime = now,
            LastModifiedTime = now,
        };

        var cluster = request.ProcessingResources!.ClusterConfig!;
        using var admitted = quotas is null ? null : await quotas.AdmitAsync([new HeldInstances(arn, InstanceUsage.Processing, cluster.InstanceType!, cluster.InstanceCount!.Value)], cancellationToken);
        try
        {
            await jobs.InsertAsync(job, cancellationToken);
        }
        catch (ResourceAlreadyExistsException existing)
        {
            throw ProcessingErrors.DuplicateName(existing.Arn);
        }

        await CreationTags.SetAsync(metadata, arn, request.Tags, cancellationToken);
        controller.Enqueue(job);
        return new CreateProcessingJobResponse(arn);
    }

    public async Task<DescribeProcessingJobResponse> DescribeAsync(string? name, CancellationToken cancellationToken = default)
    {
        JobNames.Require(name, "processingJobName");
        return await jobs.GetAsync(name!, cancellationToken) ?? throw ProcessingErrors.JobNotFound(name!);
    }

    public async Task<ListProcessingJobsResponse> ListAsync(ListJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = ListChecks.JobQuery(request, "ListProcessingJobs");
        var (page, next) = query.Apply(
            await jobs.ListAsync(cancellationToken),
            job => new ListItem(job.ProcessingJobName, job.CreationTime, job.LastModifiedTime ?? job.CreationTime, job.ProcessingJobStatus));
        return new ListProcessingJobsResponse([.. page.Select(Summary)], next);
    }

    /// <summary>Only an InProgress job can be stopped; it is Stopping until its hosts have ended.</summary>
    public async Task StopAsync(string? name, CancellationToken cancellationToken = default)
    {
        JobNames.Require(name, "processingJobName");
        await jobs.UpdateAsync(
            name!,
            job => job.ProcessingJobStatus == JobStatus.InProgress
                ? job with { ProcessingJobStatus = JobStatus.Stopping }
                : throw ProcessingErrors.NotStoppable(job.ProcessingJobStatus),
            cancellationToken);
        controller.RequestStop(name!);
    }

    // As AWS describes them: File mode, FullyReplicated and no compression unless given.
    private static ProcessingInput WithDefaults(ProcessingInput input) => input.S3Input is { } s3
        ? input with
        {
            AppManaged = input.AppManaged ?? false,
            S3Input = s3 with
            {
                S3InputMode = s3.S3InputMode ?? "File",
                S3DataDistributionType = s3.S3DataDistributionType ?? "FullyReplicated",
                S3CompressionType = s3.S3CompressionType ?? "None",
            },
        }
        : input;

    private static ProcessingJobSummary Summary(DescribeProcessingJobResponse job) => new()
    {
        ProcessingJobName = job.ProcessingJobName,
        ProcessingJobArn = job.ProcessingJobArn,
        CreationTime = job.CreationTime,
        ProcessingEndTime = job.ProcessingEndTime,
        LastModifiedTime = job.LastModifiedTime,
        ProcessingJobStatus = job.ProcessingJobStatus,
        FailureReason = job.FailureReason,
        ExitMessage = job.ExitMessage,
    };
}
