using Sagebrush.Core.Compute;
using Sagebrush.Core.Training;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Tests.Training;

/// <summary>A queue that runs nothing: service tests see what was enqueued and stopped, and set statuses themselves.</summary>
public sealed class RecordingQueue : ITrainingJobQueue
{
    public List<TrainingRun> Enqueued { get; } = [];

    public List<string> Stopped { get; } = [];

    public List<IReadOnlyList<MetricDefinition>> MetricDefinitions { get; } = [];

    public void Enqueue(TrainingRun run, IReadOnlyList<MetricDefinition> metricDefinitions)
    {
        Enqueued.Add(run);
        MetricDefinitions.Add(metricDefinitions);
    }

    public void RequestStop(string jobName) => Stopped.Add(jobName);
}
