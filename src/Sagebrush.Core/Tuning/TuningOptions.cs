namespace Sagebrush.Core.Tuning;

/// <summary>
/// How often a running tuning job looks at its training jobs (their status, metrics, and free slots). A stop request
/// wakes it at once.
/// </summary>
public sealed record TuningOptions(TimeSpan PollInterval)
{
    public static TuningOptions Default => new(TimeSpan.FromMilliseconds(100));
}
