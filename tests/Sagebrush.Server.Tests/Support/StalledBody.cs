namespace Sagebrush.Server.Tests.Support;

/// <summary>
/// A request body of a declared length that hands its client the first <c>sentBeforeStall</c> bytes (seeded, so
/// repeatable) and then stalls until <see cref="Fail"/>: the request is known to be mid-body for as long as the test
/// likes, without timing. Only the client's own buffer is ever in memory, whatever the declared length. It seeks
/// (AWSSDK's UploadPart insists on a seekable body) by replaying the seeded bytes.
/// </summary>
public sealed class StalledBody(long length, long sentBeforeStall, int seed) : Stream
{
    private Random random = new(seed);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    /// <summary>Ends the stall with an I/O error, as a client whose source broke, so the pending request finishes.</summary>
    public void Fail() => released.TrySetException(new IOException("the test ended this body at its stall"));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        if (position >= sentBeforeStall)
        {
            await released.Task.WaitAsync(cancellationToken);
        }

        var end = position < sentBeforeStall ? sentBeforeStall : length;
        var count = (int)Math.Min(buffer.Length, end - position);
        random.NextBytes(buffer.Span[..count]);
        position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };
        if (target < 0 || target > Math.Min(length, sentBeforeStall))
        {
            throw new NotSupportedException($"cannot seek to {target}: only bytes before the stall can be replayed");
        }

        if (target < position)
        {
            random = new Random(seed);
            position = 0;
        }

        var skipped = new byte[64 * 1024];
        while (position < target)
        {
            var count = (int)Math.Min(skipped.Length, target - position);
            random.NextBytes(skipped.AsSpan(0, count));
            position += count;
        }

        return position;
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // A client disposing its request stream must not leave a reader waiting forever.
        Fail();
        base.Dispose(disposing);
    }
}
