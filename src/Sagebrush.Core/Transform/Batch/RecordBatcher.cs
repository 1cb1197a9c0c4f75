using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Sagebrush.Core.Transform.Batch;

/// <summary>
/// Splits an input file into records (SplitType Line: one per line, blank lines skipped; RecordIO: MXNet RecordIO
/// frames; None: the whole file) and packs them into batches of at most MaxPayloadInMB (MultiRecord) or one record
/// each (SingleRecord), as SageMaker's batch agent does. The file is streamed: only the batch being filled is held.
/// </summary>
public static class RecordBatcher
{
    private const uint RecordIOMagic = 0xced7230a;

    /// <param name="maxPayloadBytes">0: no limit (SageMaker's MaxPayloadInMB 0).</param>
    public static IAsyncEnumerable<RecordBatch> ReadAsync(Stream input, string splitType, bool multiRecord, long maxPayloadBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var limit = maxPayloadBytes <= 0 ? int.MaxValue : (int)Math.Min(maxPayloadBytes, int.MaxValue);
        return splitType switch
        {
            "Line" => LinesAsync(input, multiRecord, limit, cancellationToken),
            "RecordIO" => RecordIOAsync(input, multiRecord, limit, cancellationToken),
            _ => WholeAsync(input, limit, cancellationToken),
        };
    }

    private static async IAsyncEnumerable<RecordBatch> LinesAsync(Stream input, bool multiRecord, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 1 << 20, minimumReadSize: 1 << 19, leaveOpen: true));
        var batch = new BatchBuilder(limit, multiRecord);
        long line = 0;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            while (TryReadLine(ref buffer, out var record))
            {
                line++;
                if (batch.Add(record, line, addNewline: true) is { } full)
                {
                    yield return full;
                }
            }

            if (read.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    line++;
                    if (batch.Add(buffer, line, addNewline: true) is { } full)
                    {
                        yield return full;
                    }
                }

                reader.AdvanceTo(buffer.End);
                break;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }

        await reader.CompleteAsync();
        if (batch.Flush() is { } last)
        {
            yield return last;
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }

    private static async IAsyncEnumerable<RecordBatch> RecordIOAsync(Stream input, bool multiRecord, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new BatchBuilder(limit, multiRecord);
        var header = new byte[8];
        long record = 0;
        var frames = new MemoryStream();
        while (await input.ReadAtLeastAsync(header, 8, throwOnEndOfStream: false, cancellationToken) is var got && got > 0)
        {
            if (got < 8 || BinaryPrimitives.ReadUInt32LittleEndian(header) != RecordIOMagic)
            {
                throw new InvalidDataException($"RecordIO record {record + 1} does not begin with the RecordIO magic number.");
            }

            var word = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            var flag = word >> 29;
            var length = (int)(word & ((1u << 29) - 1));
            var padded = (length + 3) & ~3;
            var body = new byte[padded];
            await input.ReadExactlyAsync(body, cancellationToken);
            frames.Write(header);
            frames.Write(body);
            if (flag is 0 or 3)
            {
                record++;
                if (batch.Add(new ReadOnlySequence<byte>(frames.GetBuffer(), 0, (int)frames.Length), record, addNewline: false) is { } full)
                {
                    yield return full;
                }

                frames.SetLength(0);
            }
        }

        if (batch.Flush() is { } last)
        {
            yield return last;
        }
    }

    private static async IAsyncEnumerable<RecordBatch> WholeAsync(Stream input, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var whole = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = await input.ReadAsync(chunk, cancellationToken)) > 0)
        {
            whole.Write(chunk, 0, read);
            if (whole.Length > limit)
            {
                throw new RecordTooLargeException($"the file is one record (SplitType None) and is larger than MaxPayloadInMB ({limit / (1024 * 1024)} MB); split it with SplitType Line or raise MaxPayloadInMB.");
            }
        }

        if (whole.Length > 0)
        {
            yield return new RecordBatch(whole.ToArray(), (int)whole.Length, [0], [1]);
        }
    }

    /// <summary>Fills one batch; hands it over when the next record would not fit (or at once with SingleRecord).</summary>
    private sealed class BatchBuilder(int limit, bool multiRecord)
    {
        private byte[] buffer = new byte[Math.Min(limit, 1 << 16)];
        private int length;
        private List<int> starts = [];
        private List<long> lines = [];

        public RecordBatch? Add(ReadOnlySequence<byte> record, long line, bool addNewline)
        {
            var size = (int)record.Length;
            if (addNewline && size > 0 && record.Slice(size - 1).FirstSpan[0] == (byte)'\r')
            {
                size--; // a CRLF file's records end where an LF file's do
            }

            if (addNewline && size == 0)
            {
                return null;
            }

            var needed = size + (addNewline ? 1 : 0);
            if (needed > limit)
            {
                throw new RecordTooLargeException($"the record at line {line} is {needed} bytes, larger than MaxPayloadInMB ({limit / (1024 * 1024)} MB).");
            }

            RecordBatch? full = null;
            if (starts.Count > 0 && (!multiRecord || length + needed > limit))
            {
                full = Flush();
            }

            if (length + needed > buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(limit, Math.Max((long)buffer.Length * 2, length + needed)));
            }

            starts.Add(length);
            lines.Add(line);
            record.Slice(0, size).CopyTo(buffer.AsSpan(length));
            length += size;
            if (addNewline)
            {
                buffer[length++] = (byte)'\n';
            }

            return full;
        }

        public RecordBatch? Flush()
        {
            if (starts.Count == 0)
            {
                return null;
            }

            var batch = new RecordBatch(buffer, length, starts, lines);
            buffer = new byte[Math.Min(limit, Math.Max(1 << 16, length))];
            length = 0;
            starts = [];
            lines = [];
            return batch;
        }
    }
}
