using Sagebrush.Core.Common;
using Sagebrush.Core.Compilation.Shapes;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Compilation;

/// <summary>Compilation jobs in the metadata store (type <c>compilation-job</c>).</summary>
public static class CompilationJobStore
{
    public const string ResourceType = "compilation-job";

    public static JobStore<DescribeCompilationJobResponse> Create(IMetadataStore store, AccountSettings account, TimeProvider time) => new(
        store, account, time, ResourceType, CompilationJsonContext.Default.DescribeCompilationJobResponse,
        job => job.CompilationJobName, job => job.CompilationJobStatus, (job, now) => job with { LastModifiedTime = now }, CompilationErrors.JobNotFound);
}
