using System.Buffers;

namespace Sagebrush.Algorithms.Hosting;

/// <summary>A request body read into a rented array (grown by doubling when the length was not declared).</summary>
internal sealed class PooledBody(int initialSize) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialSize, 1));
    private int _length;

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    /// <summary>Reads to the end of <paramref name="body"/> (or up to <paramref name="declaredLength"/> when known).</summary>
    public async Task ReadAsync(Stream body, long? declaredLength)
    {
        while (_length != declaredLength)
        {
            if (_length == _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            var read = await body.ReadAsync(_buffer.AsMemory(_length));
            if (read == 0)
            {
                return;
            }

            _length += read;
        }
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
