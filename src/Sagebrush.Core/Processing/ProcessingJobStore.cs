using Sagebrush.Core.Common;
using Sagebrush.Core.Processing.Shapes;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Processing;

/// <summary>Processing jobs in the metadata store (type <c>processing-job</c>).</summary>
public static class ProcessingJobStore
{
    public const string ResourceType = "processing-job";

    public static JobStore<DescribeProcessingJobResponse> Create(IMetadataStore store, AccountSettings account, TimeProvider time) => new(
        store, account, time, ResourceType, ProcessingJsonContext.Default.DescribeProcessingJobResponse,
        job => job.ProcessingJobName, job => job.ProcessingJobStatus, (job, now) => job with { LastModifiedTime = now }, ProcessingErrors.JobNotFound);
}
