using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Training;

/// <summary>Status changes of a training job document: each closes the open SecondaryStatusTransition and opens the next.</summary>
public static class TrainingTransitions
{
    public static DescribeTrainingJobResponse Enter(
        DescribeTrainingJobResponse job,
        string trainingJobStatus,
        string secondaryStatus,
        string message,
        DateTimeOffset now,
        bool final = false)
    {
        ArgumentNullException.ThrowIfNull(job);
        var transitions = (job.SecondaryStatusTransitions ?? [])
            .Select(t => t.EndTime is null ? t with { EndTime = now } : t)
            .Append(new SecondaryStatusTransition
            {
                Status = secondaryStatus,
                StartTime = now,
                EndTime = final ? now : null,
                StatusMessage = message,
            })
            .ToList();
        return job with
        {
            TrainingJobStatus = trainingJobStatus,
            SecondaryStatus = secondaryStatus,
            SecondaryStatusTransitions = transitions,
        };
    }

    public static bool IsFinal(string trainingJobStatus) =>
        trainingJobStatus is TrainingJobStatus.Completed or TrainingJobStatus.Failed or TrainingJobStatus.Stopped;
}
