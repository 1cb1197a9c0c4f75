using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.Processing.Shapes;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Processing;

/// <summary>What a processing job holds against the quotas: its cluster until it ends.</summary>
public static class ProcessingInstances
{
    public static IInstanceHolder Holder(JobStore<DescribeProcessingJobResponse> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return new InstanceHolder<DescribeProcessingJobResponse>(jobs.ListAsync, Held);
    }

    public static IEnumerable<HeldInstances> Held(DescribeProcessingJobResponse job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!JobStatus.IsEnded(job.ProcessingJobStatus) && job.ProcessingResources?.ClusterConfig is { InstanceType: { } type, InstanceCount: { } count })
        {
            yield return new HeldInstances(job.ProcessingJobArn, InstanceUsage.Processing, type, count);
        }
    }
}
