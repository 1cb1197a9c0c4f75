namespace Sagebrush.Core.Compilation;

/// <summary>How compilation jobs run here. Tests may replace it.</summary>
public sealed record CompilationOptions
{
    /// <summary>Jobs compiling at once (SageMaker's "Maximum number of parallel compilation jobs" defaults to 2); the rest wait.</summary>
    public int MaxConcurrentJobs { get; init; } = 2;

    /// <summary>What the compiling host may use: gcc on a large ensemble wants a few GiB.</summary>
    public int VCpus { get; init; } = 2;

    public double MemoryGiB { get; init; } = 8;

    public int VolumeSizeInGB { get; init; } = 5;

    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan VolumeCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    public int ProcessorCount { get; init; } = Environment.ProcessorCount;
}
