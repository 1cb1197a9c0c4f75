namespace Sagebrush.Core.Transform;

/// <summary>How transform jobs run here.</summary>
public sealed record TransformOptions
{
    /// <summary>Jobs running at once; the others wait InProgress, as SageMaker's do while instances start.</summary>
    public int MaxConcurrentJobs { get; init; } = 2;

    /// <summary>VolumeSizeInGB of a transform instance (the model is unpacked there); SageMaker gives 30 GB.</summary>
    public int VolumeSizeInGB { get; init; } = 30;

    /// <summary>SageMaker's defaults when neither the job nor the container's /execution-parameters say.</summary>
    public const int DefaultMaxPayloadInMB = 6;

    public const int DefaultMaxConcurrentTransforms = 1;

    public const int DefaultInvocationsTimeoutInSeconds = 600;

    public const int DefaultInvocationsMaxRetries = 3;
}
