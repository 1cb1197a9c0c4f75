using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Training;

/// <summary>What a training job holds against the quotas: its instances until it ends (a queued job holds them too, as on SageMaker).</summary>
public static class TrainingInstances
{
    public static IInstanceHolder Holder(TrainingJobStore jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return new InstanceHolder<DescribeTrainingJobResponse>(jobs.ListAsync, Held);
    }

    public static IEnumerable<HeldInstances> Held(DescribeTrainingJobResponse job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!JobStatus.IsEnded(job.TrainingJobStatus) && job.ResourceConfig.InstanceType is { } type)
        {
            yield return new HeldInstances(job.TrainingJobArn, InstanceUsage.Training, type, job.ResourceConfig.InstanceCount ?? 1);
        }
    }
}
