using Sagebrush.Core.Common;
using Sagebrush.Core.Compilation.Shapes;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Compilation;

/// <summary>
/// CreateCompilationJob, DescribeCompilationJob, ListCompilationJobs, StopCompilationJob and DeleteCompilationJob over
/// the metadata store; created jobs go to the <see cref="CompilationJobController"/>.
/// Not supported yet: frameworks other than XGBOOST, targets other than the x86-64 CPUs, ModelPackageVersionArn,
/// CompilerOptions (echoed, not applied), KMS keys and VpcConfig (echoed).
/// </summary>
/// <param name="roles">Null in tests that do not check roles; the server always has them.</param>
public sealed class CompilationJobService(
    JobStore<DescribeCompilationJobResponse> jobs,
    IMetadataStore metadata,
    CompilationJobController controller,
    AccountSettings account,
    ExecutionRoles? roles = null) : Hosting.Models.ICompiledModels
{
    /// <summary>The newest COMPLETED compilation of <paramref name="modelDataUrl"/>: what a variant with an AcceleratorType serves.</summary>
    public async Task<Hosting.Models.CompiledModelArtifact?> FindAsync(string modelDataUrl, CancellationToken cancellationToken) =>
        (await jobs.ListAsync(cancellationToken))
            .Where(j => j.CompilationJobStatus == CompilationStatus.Completed && j.InputConfig.S3Uri == modelDataUrl && j.InferenceImage is not null)
            .OrderByDescending(j => j.CompilationEndTime)
            .Select(j => new Hosting.Models.CompiledModelArtifact(j.InferenceImage!, j.ModelArtifacts.S3ModelArtifacts))
            .FirstOrDefault();

    public async Task<CreateCompilationJobResponse> CreateAsync(CreateCompilationJobRequest request, CancellationToken cancellationToken = default)
    {
        CompilationJobValidator.Validate(request);
        if (roles is not null)
        {
            await roles.RequireAsync(request.RoleArn, cancellationToken);
        }

        var name = request.CompilationJobName!;
        var arn = jobs.ArnOf(name);
        var now = jobs.Time.GetUtcNow();
        var job = new DescribeCompilationJobResponse
        {
            CompilationJobName = name,
            CompilationJobArn = arn,
            CompilationJobStatus = CompilationStatus.InProgress,
            StoppingCondition = request.StoppingCondition! with
            {
                MaxRuntimeInSeconds = request.StoppingCondition.MaxRuntimeInSeconds ?? CompilationJobValidator.DefaultMaxRuntimeInSeconds,
            },
            InferenceImage = NeoTargets.InferenceImage(account.Region),
            CreationTime = now,
            LastModifiedTime = now,
            FailureReason = string.Empty,
            ModelArtifacts = new NeoModelArtifacts(string.Empty),
            RoleArn = request.RoleArn!,
            InputConfig = request.InputConfig!,
            OutputConfig = request.OutputConfig!,
            VpcConfig = request.VpcConfig,
        };

        try
        {
            await jobs.InsertAsync(job, cancellationToken);
        }
        catch (ResourceAlreadyExistsException existing)
        {
            throw CompilationErrors.DuplicateName(existing.Arn);
        }

        await CreationTags.SetAsync(metadata, arn, request.Tags, cancellationToken);
        controller.Enqueue(job);
        return new CreateCompilationJobResponse(arn);
    }

    public async Task<DescribeCompilationJobResponse> DescribeAsync(string? name, CancellationToken cancellationToken = default)
    {
        JobNames.Require(name, "compilationJobName");
        return await jobs.GetAsync(name!, cancellationToken) ?? throw CompilationErrors.JobNotFound(name!);
    }

    public async Task<ListCompilationJobsResponse> ListAsync(ListJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = ListChecks.JobQuery(request, "ListCompilationJobs", CompilationStatus.All);
        var (page, next) = query.Apply(
            await jobs.ListAsync(cancellationToken),
            job => new ListItem(job.CompilationJobName, job.CreationTime, job.LastModifiedTime, job.CompilationJobStatus));
        return new ListCompilationJobsResponse([.. page.Select(Summary)], next);
    }

    /// <summary>Only a job still compiling can be stopped; it is STOPPING until its host has ended.</summary>
    public async Task StopAsync(string? name, CancellationToken cancellationToken = default)
    {
        JobNames.Require(name, "compilationJobName");
        await jobs.UpdateAsync(
            name!,
            job => job.CompilationJobStatus is CompilationStatus.InProgress or CompilationStatus.Starting
                ? job with { CompilationJobStatus = CompilationStatus.Stopping }
                : throw CompilationErrors.NotStoppable(name!, job.CompilationJobStatus),
            cancellationToken);
        controller.RequestStop(name!);
    }

    /// <summary>Removes an ended job's record (its artifact stays in S3), as SageMaker does.</summary>
    public async Task DeleteAsync(string? name, CancellationToken cancellationToken = default)
    {
        var job = await DescribeAsync(name, cancellationToken);
        if (!CompilationStatus.IsEnded(job.CompilationJobStatus))
        {
            throw CompilationErrors.NotDeletable(job.CompilationJobName, job.CompilationJobStatus);
        }

        await jobs.DeleteAsync(job.CompilationJobName, cancellationToken);
        await metadata.RemoveTagsAsync(job.CompilationJobArn, [.. (await metadata.GetTagsAsync(job.CompilationJobArn, cancellationToken)).Select(t => t.Key)], cancellationToken);
    }

    private static CompilationJobSummary Summary(DescribeCompilationJobResponse job) => new()
    {
        CompilationJobName = job.CompilationJobName,
        CompilationJobArn = job.CompilationJobArn,
        CreationTime = job.CreationTime,
        CompilationStartTime = job.CompilationStartTime,
        CompilationEndTime = job.CompilationEndTime,
        CompilationTargetDevice = job.OutputConfig.TargetDevice,
        CompilationTargetPlatformOs = job.OutputConfig.TargetPlatform?.Os,
        CompilationTargetPlatformArch = job.OutputConfig.TargetPlatform?.Arch,
        CompilationTargetPlatformAccelerator = job.OutputConfig.TargetPlatform?.Accelerator,
        LastModifiedTime = job.LastModifiedTime,
        CompilationJobStatus = job.CompilationJobStatus,
    };
}
