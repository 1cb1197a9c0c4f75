using Sagebrush.Core.Tuning;

namespace Sagebrush.Core.Tests.Tuning;

/// <summary>A runner that runs nothing: tests see what was started and stopped and call the orchestrator themselves.</summary>
public sealed class RecordingRunner : ITuningJobRunner
{
    public List<string> Started { get; } = [];

    public List<string> Stopped { get; } = [];

    public void Start(string tuningJobName) => Started.Add(tuningJobName);

    public void RequestStop(string tuningJobName) => Stopped.Add(tuningJobName);
}
