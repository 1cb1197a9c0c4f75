namespace Sagebrush.Core.Logs;

/// <summary>
/// CloudWatch Logs' model: log groups hold log streams, streams hold events in time order. Training jobs write
/// here (group /aws/sagemaker/TrainingJobs, stream job/algo-N-epoch); the Logs API and `sagebrush logs` read it.
/// </summary>
public interface ILogStore
{
    /// <summary>Creates the group and the stream when missing; never fails because they exist.</summary>
    Task EnsureStreamAsync(string group, string stream, CancellationToken cancellationToken = default);

    /// <summary>Appends events to a stream (created when missing), in the order given.</summary>
    Task AppendAsync(string group, string stream, IReadOnlyList<LogEvent> events, CancellationToken cancellationToken = default);
}

public sealed record LogEvent(DateTimeOffset Timestamp, string Message);
