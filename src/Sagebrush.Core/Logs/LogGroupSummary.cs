namespace Sagebrush.Core.Logs;

/// <summary>A log group as DescribeLogGroups shows it. Times are unix milliseconds.</summary>
public sealed record LogGroupSummary(string Name, long CreationTime, long StoredBytes);
