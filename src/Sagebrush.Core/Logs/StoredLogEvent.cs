namespace Sagebrush.Core.Logs;

/// <summary>
/// An event as stored: its stream, its own timestamp and the time the store took it (unix milliseconds), and its
/// sequence, which is unique in the database and ascends in ingestion order.
/// </summary>
public sealed record StoredLogEvent(string Stream, long Timestamp, long IngestionTime, string Message, long Sequence);
