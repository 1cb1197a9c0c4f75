namespace Sagebrush.Core.Training;

/// <summary>TrainingJobStatus and SecondaryStatus values, as the botocore model spells them.</summary>
public static class TrainingJobStatus
{
    public const string InProgress = "InProgress";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";

    public static IReadOnlyList<string> All { get; } = [InProgress, Completed, Failed, Stopping, Stopped];
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
