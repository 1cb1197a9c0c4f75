namespace Sagebrush.Core.Notebooks;

/// <summary>A notebook instance's statuses as SageMaker spells them.</summary>
public static class NotebookStatus
{
    public const string Pending = "Pending";
    public const string InService = "InService";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";
    public const string Failed = "Failed";
    public const string Deleting = "Deleting";
    public const string Updating = "Updating";

    public static IReadOnlyList<string> All { get; } = [Pending, InService, Stopping, Stopped, Failed, Deleting, Updating];
}
