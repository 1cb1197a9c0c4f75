namespace Sagebrush.Core.Logs;

/// <summary>DescribeLogStreams' orderBy values.</summary>
public enum LogStreamOrder
{
    LogStreamName,
    LastEventTime,
}
