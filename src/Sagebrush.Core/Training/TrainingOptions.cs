namespace Sagebrush.Core.Training;

/// <summary>
/// How many jobs run at once (more wait, shown as InProgress/Starting) and how many processors a host may claim
/// (SM_NUM_CPUS). Both default to this machine's processor count.
/// </summary>
public sealed record TrainingOptions(int MaxConcurrentJobs, int ProcessorCount)
{
    public static TrainingOptions Default => new(Environment.ProcessorCount, Environment.ProcessorCount);
}
