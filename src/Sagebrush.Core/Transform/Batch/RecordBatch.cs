namespace Sagebrush.Core.Transform.Batch;

/// <summary>
/// Records of one input file on their way to /invocations: their bytes back to back (each Line record ends with
/// '\n'), where each record starts in <see cref="Buffer"/>, and the file line each begins on (for a failure's words).
/// </summary>
public sealed class RecordBatch(byte[] buffer, int length, IReadOnlyList<int> starts, IReadOnlyList<long> lines)
{
    public byte[] Buffer { get; } = buffer;

    public int Length { get; } = length;

    public int Count => starts.Count;

    public long FirstLine => lines[0];

    public long LineOf(int record) => lines[record];

    public ReadOnlyMemory<byte> Payload => Buffer.AsMemory(0, Length);

    /// <summary>Record <paramref name="index"/>'s bytes, with its '\n' when it has one.</summary>
    public ReadOnlyMemory<byte> Record(int index) =>
        Buffer.AsMemory(starts[index], (index + 1 < starts.Count ? starts[index + 1] : Length) - starts[index]);
}

/// <summary>A record is larger than MaxPayloadInMB; the job fails with these words.</summary>
public sealed class RecordTooLargeException(string message) : Exception(message);
