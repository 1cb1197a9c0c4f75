using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Models;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Transform.Shapes;

namespace Sagebrush.Core.Transform;

/// <summary>
/// CreateTransformJob, DescribeTransformJob, ListTransformJobs and StopTransformJob over the metadata store; created
/// jobs go to the <see cref="TransformJobController"/>. The model must exist when the job is created.
/// Not supported yet: SplitType TFRecord, AugmentedManifestFile, batch data capture (accepted and echoed), KMS keys.
/// </summary>
/// <param name="quotas">Null in tests that do not count instances; the server always has them.</param>
public sealed class TransformJobService(JobStore<DescribeTransformJobResponse> jobs, IMetadataStore metadata, ModelService models, TransformJobController controller, InstanceQuotas? quotas = null)
{
    public async Task<CreateTransformJobResponse> CreateAsync(CreateTransformJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        TransformJobValidator.Validate(request);
        await models.RequireAsync(request.ModelName!, cancellationToken);
        var name = request.TransformJobName!;
        var arn = jobs.ArnOf(name);
        var now = jobs.Time.GetUtcNow();
        var job = new DescribeTransformJobResponse
        {
            TransformJobName = name,
            TransformJobArn = arn,
            TransformJobStatus = JobStatus.InProgress,
            ModelName = request.ModelName!,
            MaxConcurrentTransforms = request.MaxConcurrentTransforms,
            ModelClientConfig = request.ModelClientConfig,
            MaxPayloadInMB = request.MaxPayloadInMB,
            BatchStrategy = request.BatchStrategy,
            Environment = request.Environment,
            TransformInput = request.TransformInput! with
            {
                CompressionType = request.TransformInput.CompressionType ?? "None",
                SplitType = request.TransformInput.SplitType ?? "None",
            },
            TransformOutput = request.TransformOutput! with { AssembleWith = request.TransformOutput.AssembleWith ?? "None" },
            DataCaptureConfig = request.DataCaptureConfig,
            TransformResources = request.TransformResources!,
            DataProcessing = request.DataProcessing,
            ExperimentConfig = request.ExperimentConfig,
            CreationTime = now,
            LastModifiedTime = now,
        };

        var resources = request.TransformResources!;
        using var admitted = quotas is null ? null : await quotas.AdmitAsync([new HeldInstances(arn, InstanceUsage.Transform, resources.InstanceType!, resources.InstanceCount!.Value)], cancellationToken);
        try
        {
            await jobs.InsertAsync(job, cancellationToken);
        }
        catch (ResourceAlreadyExistsException existing)
        {
            throw TransformErrors.DuplicateName(existing.Arn);
        }

        await CreationTags.SetAsync(metadata, arn, request.Tags, cancellationToken);
        controller.Enqueue(job);
        return new CreateTransformJobResponse(arn);
    }

    public async Task<DescribeTransformJobResponse> DescribeAsync(string? name, CancellationToken cancellationToken = default)
    {
        JobNames.Require(name, "transformJobName");
        return await jobs.GetAsync(name!, cancellationToken) ?? throw TransformErrors.JobNotFound(name!);
    }

    public async Task<ListTransformJobsResponse> ListAsync(ListJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = ListChecks.JobQuery(request, "ListTransformJobs");
        var (page, next) = query.Apply(
            await jobs.ListAsync(cancellationToken),
            job => new ListItem(job.TransformJobName, job.CreationTime, job.LastModifiedTime ?? job.CreationTime, job.TransformJobStatus));
        return new ListTransformJobsResponse([.. page.Select(Summary)], next);
    }

    /// <summary>Only an InProgress job can be stopped; it is Stopping until its instances are gone.</summary>
    public async Task StopAsync(string? name, CancellationToken cancellationToken = default)
    {
        JobNames.Require(name, "transformJobName");
        await jobs.UpdateAsync(
            name!,
            job => job.TransformJobStatus == JobStatus.InProgress
                ? job with { TransformJobStatus = JobStatus.Stopping }
                : throw TransformErrors.NotStoppable(job.TransformJobStatus),
            cancellationToken);
        controller.RequestStop(name!);
    }

    private static TransformJobSummary Summary(DescribeTransformJobResponse job) => new()
    {
        TransformJobName = job.TransformJobName,
        TransformJobArn = job.TransformJobArn,
        CreationTime = job.CreationTime,
        TransformEndTime = job.TransformEndTime,
        LastModifiedTime = job.LastModifiedTime,
        TransformJobStatus = job.TransformJobStatus,
        FailureReason = job.FailureReason,
    };
}
