using Sagebrush.Core.Compute;

namespace Sagebrush.Core.Processing;

/// <summary>How processing jobs run here.</summary>
public sealed record ProcessingOptions
{
    /// <summary>Jobs running at once; the others wait InProgress, as SageMaker's do while instances start.</summary>
    public int MaxConcurrentJobs { get; init; } = 2;

    /// <summary>Between SIGTERM and the kill on StopProcessingJob or MaxRuntime; SageMaker waits 120 seconds.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How often the hosts' workspaces are measured against VolumeSizeInGB.</summary>
    public TimeSpan VolumeCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The Python that <c>python3</c> and <c>python</c> in a ContainerEntrypoint stand for.</summary>
    public string Python { get; init; } = PythonRequirements.SystemPython;

    /// <summary>Processors the instance types' vCPUs are capped by (this machine's).</summary>
    public int ProcessorCount { get; init; } = Environment.ProcessorCount;

    /// <summary>SageMaker's default when StoppingCondition is absent: one day.</summary>
    public const int DefaultMaxRuntimeInSeconds = 86_400;
}
