namespace Sagebrush.Core.Tests.Storage.Objects;

/// <summary>A body that yields some bytes and then fails, like a client hanging up mid-upload.</summary>
public sealed class ThrowingStream(int bytesBeforeFailure) : Stream
{
    private int _remaining = bytesBeforeFailure;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_remaining == 0)
        {
            throw new IOException("The client went away.");
        }

        var read = Math.Min(count, _remaining);
        buffer.AsSpan(offset, read).Fill(7);
        _remaining -= read;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
