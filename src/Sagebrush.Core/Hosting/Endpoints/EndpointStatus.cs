namespace Sagebrush.Core.Hosting.Endpoints;

/// <summary>EndpointStatus values, as the botocore model spells them.</summary>
public static class EndpointStatus
{
    public const string OutOfService = "OutOfService";
    public const string Creating = "Creating";
    public const string Updating = "Updating";
    public const string SystemUpdating = "SystemUpdating";
    public const string RollingBack = "RollingBack";
    public const string InService = "InService";
    public const string Deleting = "Deleting";
    public const string Failed = "Failed";

    public static IReadOnlyList<string> All { get; } = [OutOfService, Creating, Updating, SystemUpdating, RollingBack, InService, Deleting, Failed];

    /// <summary>States in which SageMaker refuses another change ("Cannot update in-progress endpoint").</summary>
    public static bool IsInProgress(string status) => status is Creating or Updating or SystemUpdating or RollingBack or Deleting;
}
