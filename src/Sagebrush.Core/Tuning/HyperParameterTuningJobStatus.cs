namespace Sagebrush.Core.Tuning;

/// <summary>HyperParameterTuningJobStatus values, as AWS spells them.</summary>
public static class HyperParameterTuningJobStatus
{
    public const string InProgress = "InProgress";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";
    public const string Deleting = "Deleting";
    public const string DeleteFailed = "DeleteFailed";

    public static IReadOnlyList<string> All { get; } = [Completed, InProgress, Failed, Stopped, Stopping, Deleting, DeleteFailed];

    public static bool IsFinal(string status) => status is Completed or Failed or Stopped;
}
