namespace Sagebrush.Core.Tuning;

/// <summary>
/// How often a running tuning job looks at its training jobs (their status, metrics, and free slots). A stop request
/// and the end of one of its training jobs wake it at once; the poll is for what raises no signal (intermediate
/// metrics for early stopping and Hyperband, MaxRuntimeInSeconds).
/// </summary>
public sealed record TuningOptions(TimeSpan PollInterval)
{
    public static TuningOptions Default => new(TimeSpan.FromMilliseconds(100));
}
