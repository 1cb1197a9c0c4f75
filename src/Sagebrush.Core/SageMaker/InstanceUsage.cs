namespace Sagebrush.Core.SageMaker;

/// <summary>What an instance is held for: SageMaker prices, meters and limits each use of a type separately.</summary>
public enum InstanceUsage
{
    Training,
    Hosting,
    Processing,
    Transform,
    Notebook,
}

public static class InstanceUsages
{
    public static IReadOnlyList<InstanceUsage> All { get; } = Enum.GetValues<InstanceUsage>();

    /// <summary>The end of the per-type quota's name: "ml.m5.large for <c>training job usage</c>".</summary>
    public static string QuotaSuffix(this InstanceUsage usage) => usage switch
    {
        InstanceUsage.Training => "training job usage",
        InstanceUsage.Hosting => "endpoint usage",
        InstanceUsage.Processing => "processing job usage",
        InstanceUsage.Transform => "transform job usage",
        _ => "notebook instance usage",
    };

    /// <summary>The part of SageMaker's usage type before the instance type: <c>USE1-Train:ml.m5.large</c>.</summary>
    public static string UsageTypeName(this InstanceUsage usage) => usage switch
    {
        InstanceUsage.Training => "Train",
        InstanceUsage.Hosting => "Host",
        InstanceUsage.Processing => "Processing",
        InstanceUsage.Transform => "Tsform",
        _ => "Notebk",
    };

    /// <summary>The catalogue's column for the use (<c>training</c>, <c>hosting</c>, ...).</summary>
    public static string ColumnName(this InstanceUsage usage) => usage.ToString().ToLowerInvariant();
}
