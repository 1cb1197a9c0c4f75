using System.Text;
using Sagebrush.Core.Transform.Batch;

namespace Sagebrush.Core.Tests.Transform;

public sealed class RecordBatcherTests
{
    private static async Task<List<RecordBatch>> BatchesAsync(byte[] input, string split, bool multi, long max)
    {
        var batches = new List<RecordBatch>();
        await foreach (var batch in RecordBatcher.ReadAsync(new MemoryStream(input), split, multi, max, CancellationToken.None))
        {
            batches.Add(batch);
        }

        return batches;
    }

    [Fact]
    public async Task MultiRecordPacksWholeLinesUpToThePayloadLimitAndKeepsTheirLineNumbers()
    {
        var text = string.Concat(Enumerable.Range(0, 100).Select(i => $"{i:D4},x\r\n")) + "\n\nlast";
        var batches = await BatchesAsync(Encoding.UTF8.GetBytes(text), "Line", multi: true, max: 70);
        Assert.All(batches, b => Assert.True(b.Length <= 70));
        var records = batches.SelectMany(b => Enumerable.Range(0, b.Count).Select(i => (Encoding.UTF8.GetString(b.Record(i).Span), b.LineOf(i)))).ToList();
        Assert.Equal(101, records.Count);
        Assert.Equal(("0000,x\n", 1L), records[0]);
        Assert.Equal(("last\n", 103L), records[^1]);
    }

    [Fact]
    public async Task SingleRecordSendsEachLineAlone()
    {
        var batches = await BatchesAsync("a\nb\n\nc\n"u8.ToArray(), "Line", multi: false, max: 0);
        Assert.Equal(["a\n", "b\n", "c\n"], batches.Select(b => Encoding.UTF8.GetString(b.Payload.Span)));
        Assert.Equal([1L, 2L, 4L], batches.Select(b => b.FirstLine));
    }

    [Fact]
    public async Task ARecordLargerThanThePayloadLimitIsRefusedWithItsLine()
    {
        var error = await Assert.ThrowsAsync<RecordTooLargeException>(() => BatchesAsync("ok\n0123456789\n"u8.ToArray(), "Line", multi: true, max: 8));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordIOFramesStayWholeAndSplitTypeNoneIsTheWholeFile()
    {
        static byte[] Frame(string data)
        {
            var body = Encoding.UTF8.GetBytes(data);
            var frame = new byte[8 + ((body.Length + 3) & ~3)];
            BitConverter.GetBytes(0xced7230a).CopyTo(frame, 0);
            BitConverter.GetBytes((uint)body.Length).CopyTo(frame, 4);
            body.CopyTo(frame, 8);
            return frame;
        }

        var input = Frame("hello").Concat(Frame("hi")).ToArray();
        var frames = await BatchesAsync(input, "RecordIO", multi: false, max: 0);
        Assert.Equal([16, 12], frames.Select(b => b.Length));
        var whole = Assert.Single(await BatchesAsync(input, "None", multi: false, max: 0));
        Assert.Equal(input, whole.Payload.ToArray());
    }
}
