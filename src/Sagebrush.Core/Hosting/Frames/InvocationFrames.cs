using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Sagebrush.Core.Hosting.Frames;

/// <summary>
/// The framing the router and the built-in algorithms' model server speak beside HTTP: many invocations multiplexed on
/// one connection, each tagged with an id, so that under load one read or write carries many calls and the two
/// processes wake each other once per batch rather than once per call (docs/hosting.md, "The router's hop").
/// This file is compiled into both programs (Sagebrush.Core and Sagebrush.Algorithms, where it is internal so that an
/// assembly that references both sees one type).
/// <code>
/// request:  u32 length | u32 id | u16 content-type | u16 accept | u16 custom-attributes | the three strings | body
/// response: u32 length | u32 id | u16 status | u16 content-type | u16 custom-attributes | the two strings | body
/// </code>
/// Integers are little-endian; length counts everything after itself; strings are UTF-8. A frame over the reader's
/// limit, or one whose string lengths overrun it, is malformed: the connection is closed.
/// </summary>
#if SAGEBRUSH_ALGORITHMS
internal static class InvocationFrames
#else
public static class InvocationFrames
#endif
{
    private const int RequestFixed = 4 + 2 + 2 + 2;
    private const int ResponseFixed = 4 + 2 + 2 + 2;

    /// <summary>The longest string a frame carries (HTTP header values SageMaker allows are at most 1,024 characters).</summary>
    public const int MaxStringBytes = 4096;

    /// <summary>One invocation as the router sends it.</summary>
    public readonly record struct Request(uint Id, string? ContentType, string? Accept, string? CustomAttributes, ReadOnlyMemory<byte> Body);

    /// <summary>One answer as the model server sends it.</summary>
    public readonly record struct Response(uint Id, int Status, string? ContentType, string? CustomAttributes, ReadOnlyMemory<byte> Body);

    public static void Write(IBufferWriter<byte> writer, in Request request)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<int> lengths = [Bytes(request.ContentType), Bytes(request.Accept), Bytes(request.CustomAttributes)];
        var header = WriteHeader(writer, request.Id, request.Body.Length, RequestFixed + lengths[0] + lengths[1] + lengths[2], out var span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], (ushort)lengths[0]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], (ushort)lengths[1]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[12..], (ushort)lengths[2]);
        var at = 14;
        at += Utf8(request.ContentType, span[at..]);
        at += Utf8(request.Accept, span[at..]);
        Utf8(request.CustomAttributes, span[at..]);
        writer.Advance(header);
        writer.Write(request.Body.Span);
    }

    public static void Write(IBufferWriter<byte> writer, in Response response)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<int> lengths = [Bytes(response.ContentType), Bytes(response.CustomAttributes)];
        var header = WriteHeader(writer, response.Id, response.Body.Length, ResponseFixed + lengths[0] + lengths[1], out var span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], (ushort)response.Status);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], (ushort)lengths[0]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[12..], (ushort)lengths[1]);
        var at = 14;
        at += Utf8(response.ContentType, span[at..]);
        Utf8(response.CustomAttributes, span[at..]);
        writer.Advance(header);
        writer.Write(response.Body.Span);
    }

    /// <summary>
    /// Takes one whole request off the front of <paramref name="buffer"/>; false when it does not hold one yet. The body
    /// is a slice of the buffer (valid until the reader advances). Throws <see cref="InvalidDataException"/> for a frame
    /// over <paramref name="maxFrameBytes"/> or with strings that overrun it.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out Request request, out ReadOnlySequence<byte> body)
    {
        request = default;
        body = default;
        if (!TryTake(ref buffer, maxFrameBytes, RequestFixed, out var frame))
        {
            return false;
        }

        var reader = new SequenceReader<byte>(frame);
        reader.TryReadLittleEndian(out int id);
        var lengths = ReadLengths(ref reader, 3, frame.Length - RequestFixed);
        var contentType = ReadString(ref reader, lengths[0]);
        var accept = ReadString(ref reader, lengths[1]);
        var attributes = ReadString(ref reader, lengths[2]);
        body = reader.UnreadSequence;
        request = new Request((uint)id, contentType, accept, attributes, default);
        return true;
    }

    /// <summary>Takes one whole response off the front of <paramref name="buffer"/>, its body copied out; false when it does not hold one yet.</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out Response response)
    {
        response = default;
        if (!TryTake(ref buffer, maxFrameBytes, ResponseFixed, out var frame))
        {
            return false;
        }

        var reader = new SequenceReader<byte>(frame);
        reader.TryReadLittleEndian(out int id);
        reader.TryReadLittleEndian(out short status);
        var lengths = ReadLengths(ref reader, 2, frame.Length - ResponseFixed);
        var contentType = ReadString(ref reader, lengths[0]);
        var attributes = ReadString(ref reader, lengths[1]);
        response = new Response((uint)id, (ushort)status, contentType, attributes, reader.UnreadSequence.ToArray());
        return true;
    }

    private static int WriteHeader(IBufferWriter<byte> writer, uint id, int bodyLength, int fixedAndStrings, out Span<byte> span)
    {
        var header = 4 + fixedAndStrings;
        span = writer.GetSpan(header);
        BinaryPrimitives.WriteUInt32LittleEndian(span, checked((uint)(fixedAndStrings + bodyLength)));
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], id);
        return header;
    }

    private static bool TryTake(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, int fixedBytes, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        if (length > (uint)maxFrameBytes || length < fixedBytes)
        {
            throw new InvalidDataException($"An invocation frame of {length} bytes is outside 10..{maxFrameBytes}.");
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        frame = buffer.Slice(4, length);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    private static int[] ReadLengths(ref SequenceReader<byte> reader, int count, long room)
    {
        var lengths = new int[count];
        var total = 0L;
        for (var i = 0; i < count; i++)
        {
            reader.TryReadLittleEndian(out short value);
            lengths[i] = (ushort)value;
            total += lengths[i];
            if (lengths[i] > MaxStringBytes || total > room)
            {
                throw new InvalidDataException("An invocation frame's header strings overrun the frame.");
            }
        }

        return lengths;
    }

    private static string? ReadString(ref SequenceReader<byte> reader, int length)
    {
        if (length == 0)
        {
            return null;
        }

        var value = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        return Encoding.UTF8.GetString(value);
    }

    private static int Bytes(string? value)
    {
        var count = value is null ? 0 : Encoding.UTF8.GetByteCount(value);
        return count > MaxStringBytes ? throw new ArgumentException($"A frame string is at most {MaxStringBytes} bytes.", nameof(value)) : count;
    }

    private static int Utf8(string? value, Span<byte> into) => value is null ? 0 : Encoding.UTF8.GetBytes(value, into);
}
