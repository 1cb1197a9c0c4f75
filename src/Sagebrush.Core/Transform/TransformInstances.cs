using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Transform.Shapes;

namespace Sagebrush.Core.Transform;

/// <summary>What a transform job holds against the quotas: its instances until it ends.</summary>
public static class TransformInstances
{
    public static IInstanceHolder Holder(JobStore<DescribeTransformJobResponse> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return new InstanceHolder<DescribeTransformJobResponse>(jobs.ListAsync, Held);
    }

    public static IEnumerable<HeldInstances> Held(DescribeTransformJobResponse job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!JobStatus.IsEnded(job.TransformJobStatus) && job.TransformResources is { InstanceType: { } type, InstanceCount: { } count })
        {
            yield return new HeldInstances(job.TransformJobArn, InstanceUsage.Transform, type, count);
        }
    }
}
