using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Training;

/// <summary>TrainingJobStatus and SecondaryStatus values, as the botocore model spells them.</summary>
public static class TrainingJobStatus
{
    public const string InProgress = JobStatus.InProgress;
    public const string Completed = JobStatus.Completed;
    public const string Failed = JobStatus.Failed;
    public const string Stopping = JobStatus.Stopping;
    public const string Stopped = JobStatus.Stopped;

    public static IReadOnlyList<string> All => JobStatus.All;
}

public static class SecondaryStatus
{
    public const string Starting = "Starting";
    public const string Downloading = "Downloading";
    public const string Training = "Training";
    public const string Uploading = "Uploading";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";
    public const string MaxRuntimeExceeded = "MaxRuntimeExceeded";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
}
