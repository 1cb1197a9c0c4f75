namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// A read-only stream over consecutive windows of other streams: an object's body (or a range of it) over its
/// blob files. Each window is read up to its length, then disposed. Owns every stream it was given; they are all
/// open from the start, so on Linux the bytes stay readable even if the object is replaced and its files deleted.
/// </summary>
internal sealed class ConcatenatedReadStream(IReadOnlyList<(Stream Stream, long Length)> windows) : Stream
{
    private readonly long _length = windows.Sum(window => window.Length);
    private int _current;
    private long _remainingInCurrent = windows.Count > 0 ? windows[0].Length : 0;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0 || !NextWindow())
        {
            return 0;
        }

        var read = windows[_current].Stream.Read(buffer[..Limit(buffer.Length)]);
        Advance(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0 || !NextWindow())
        {
            return 0;
        }

        var read = await windows[_current].Stream.ReadAsync(buffer[..Limit(buffer.Length)], cancellationToken);
        Advance(read);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            for (; _current < windows.Count; _current++)
            {
                windows[_current].Stream.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>Skips finished windows, disposing them; false at the end of the last one.</summary>
    private bool NextWindow()
    {
        while (_current < windows.Count && _remainingInCurrent == 0)
        {
            windows[_current].Stream.Dispose();
            _current++;
            _remainingInCurrent = _current < windows.Count ? windows[_current].Length : 0;
        }

        return _current < windows.Count;
    }

    /// <summary>Counts bytes read; a window whose file ends early would otherwise end the body silently, so it throws.</summary>
    private void Advance(int read)
    {
        if (read == 0)
        {
            throw new IOException($"A blob ended {_remainingInCurrent} bytes before its recorded length.");
        }

        _remainingInCurrent -= read;
        _position += read;
    }

    private int Limit(int requested) => (int)Math.Min(requested, _remainingInCurrent);
}
