using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Transform.Shapes;

namespace Sagebrush.Core.Transform;

/// <summary>Transform jobs in the metadata store (type <c>transform-job</c>).</summary>
public static class TransformJobStore
{
    public const string ResourceType = "transform-job";

    public static JobStore<DescribeTransformJobResponse> Create(IMetadataStore store, AccountSettings account, TimeProvider time) => new(
        store, account, time, ResourceType, TransformJsonContext.Default.DescribeTransformJobResponse,
        job => job.TransformJobName, job => job.TransformJobStatus, (job, now) => job with { LastModifiedTime = now }, TransformErrors.JobNotFound);
}
