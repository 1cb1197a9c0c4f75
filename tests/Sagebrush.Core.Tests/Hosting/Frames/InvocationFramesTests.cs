using System.Buffers;
using System.Text;
using Sagebrush.Core.Hosting.Frames;

namespace Sagebrush.Core.Tests.Hosting.Frames;

public sealed class InvocationFramesTests
{
    [Fact]
    public void RequestsWrittenBackToBackAreReadBackWholeAndInOrder()
    {
        var buffer = new ArrayBufferWriter<byte>();
        InvocationFrames.Write(buffer, new InvocationFrames.Request(7, "text/csv", "application/json", "trace=1", "1,2,3"u8.ToArray()));
        InvocationFrames.Write(buffer, new InvocationFrames.Request(8, null, null, null, ReadOnlyMemory<byte>.Empty));
        var frames = new ReadOnlySequence<byte>(buffer.WrittenMemory);

        Assert.True(InvocationFrames.TryRead(ref frames, 1024, out var first, out var firstBody));
        Assert.True(InvocationFrames.TryRead(ref frames, 1024, out var second, out var secondBody));
        Assert.False(InvocationFrames.TryRead(ref frames, 1024, out _, out _));

        Assert.Equal((7u, "text/csv", "application/json", "trace=1"), (first.Id, first.ContentType, first.Accept, first.CustomAttributes));
        Assert.Equal("1,2,3", Encoding.UTF8.GetString(firstBody));
        Assert.Equal((8u, null, null, null), (second.Id, second.ContentType, second.Accept, second.CustomAttributes));
        Assert.Equal(0, secondBody.Length);
        Assert.Equal(0, frames.Length);
    }

    [Fact]
    public void AResponseSplitAcrossReadsIsTakenOnlyOnceWhole()
    {
        var buffer = new ArrayBufferWriter<byte>();
        InvocationFrames.Write(buffer, new InvocationFrames.Response(3, 415, "text/plain; charset=utf-8", null, "no such type"u8.ToArray()));
        var bytes = buffer.WrittenMemory;

        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(bytes[..cut]);
            Assert.False(InvocationFrames.TryRead(ref partial, 1024, out InvocationFrames.Response _));
            Assert.Equal(cut, partial.Length); // nothing consumed
        }

        var whole = Segmented(bytes.ToArray(), 5);
        Assert.True(InvocationFrames.TryRead(ref whole, 1024, out InvocationFrames.Response response));
        Assert.Equal((3u, 415, "text/plain; charset=utf-8", (string?)null), (response.Id, response.Status, response.ContentType, response.CustomAttributes));
        Assert.Equal("no such type", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void AFrameLongerThanTheLimitIsRefusedBeforeItsBodyArrives()
    {
        var buffer = new ArrayBufferWriter<byte>();
        InvocationFrames.Write(buffer, new InvocationFrames.Response(1, 200, "text/csv", null, new byte[4096]));
        var header = new ReadOnlySequence<byte>(buffer.WrittenMemory[..8]);

        Assert.Throws<InvalidDataException>(() => InvocationFrames.TryRead(ref header, 1024, out InvocationFrames.Response _));
    }

    [Fact]
    public void StringLengthsThatOverrunTheFrameAreRefused()
    {
        // length 10 (the fixed part alone), id 1, status 200, then a content type of 9 bytes the frame does not have.
        byte[] forged = [10, 0, 0, 0, 1, 0, 0, 0, 200, 0, 9, 0, 0, 0];
        var frames = new ReadOnlySequence<byte>(forged);

        Assert.Throws<InvalidDataException>(() => InvocationFrames.TryRead(ref frames, 1024, out InvocationFrames.Response _));
    }

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int size)
    {
        Segment? first = null;
        Segment? last = null;
        for (var at = 0; at < bytes.Length; at += size)
        {
            var next = new Segment(bytes.AsMemory(at, Math.Min(size, bytes.Length - at)), last);
            first ??= next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
