namespace Sagebrush.Core.Compilation;

/// <summary>CompilationJobStatus as the botocore model spells it (upper case, unlike the other jobs).</summary>
public static class CompilationStatus
{
    public const string Starting = "STARTING";
    public const string InProgress = "INPROGRESS";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
    public const string Stopping = "STOPPING";
    public const string Stopped = "STOPPED";

    public static IReadOnlyList<string> All { get; } = [InProgress, Completed, Failed, Starting, Stopping, Stopped];

    public static bool IsEnded(string status) => status is Completed or Failed or Stopped;
}
