using Sagebrush.Core.Compute;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Training;

/// <summary>Where created jobs go to run, and where StopTrainingJob reaches a running one. The scheduler implements it.</summary>
public interface ITrainingJobQueue
{
    void Enqueue(TrainingRun run, IReadOnlyList<MetricDefinition> metricDefinitions);

    /// <summary>Cancels the job's stop token (the job was already marked Stopping).</summary>
    void RequestStop(string jobName);
}
