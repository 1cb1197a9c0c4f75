namespace Sagebrush.Core.SageMaker;

/// <summary>The statuses SageMaker's jobs share (training, processing and transform jobs), and which of them are ends.</summary>
public static class JobStatus
{
    public const string InProgress = "InProgress";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";

    public static IReadOnlyList<string> All { get; } = [InProgress, Completed, Failed, Stopping, Stopped];

    public static bool IsEnded(string status) => status is Completed or Failed or Stopped;

    /// <summary>SortBy of ListTrainingJobs, ListProcessingJobs and ListTransformJobs.</summary>
    public static IReadOnlyList<string> SortKeys { get; } = ["Name", "CreationTime", "Status"];
}
