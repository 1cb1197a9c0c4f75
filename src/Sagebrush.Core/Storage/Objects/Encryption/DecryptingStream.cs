using System.Security.Cryptography;

namespace Sagebrush.Core.Storage.Objects.Encryption;

/// <summary>
/// Reads <c>[from, from + length)</c> of an encrypted blob's plaintext (<paramref name="size"/> bytes in all),
/// decrypting the chunks it overlaps. A chunk whose tag fails is an <see cref="IOException"/>: the blob was damaged.
/// </summary>
internal sealed class DecryptingStream : Stream
{
    private readonly FileStream file;
    private readonly AesGcm gcm;
    private readonly long size;
    private readonly long end;
    private readonly byte[] plain = new byte[BlobCipher.ChunkSize];
    private readonly byte[] sealedChunk = new byte[BlobCipher.ChunkSize + BlobCipher.TagSize];
    private long position;
    private long loadedChunk = -1;
    private int loadedLength;

    public DecryptingStream(FileStream file, byte[] dataKey, long size, long from, long length)
    {
        this.file = file;
        this.size = size;
        position = from;
        end = from + length;
        Span<byte> salt = stackalloc byte[BlobCipher.SaltSize];
        file.Seek(0, SeekOrigin.Begin);
        file.ReadExactly(salt);
        gcm = new AesGcm(BlobCipher.BlobKey(dataKey, salt), BlobCipher.TagSize);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => end;

    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position >= end || buffer.Length == 0)
        {
            return 0;
        }

        var chunk = position / BlobCipher.ChunkSize;
        if (chunk != loadedChunk)
        {
            await LoadAsync(chunk, cancellationToken);
        }

        var within = (int)(position - (chunk * BlobCipher.ChunkSize));
        var take = (int)Math.Min(Math.Min(buffer.Length, loadedLength - within), end - position);
        plain.AsMemory(within, take).CopyTo(buffer);
        position += take;
        return take;
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
            gcm.Dispose();
            file.Dispose();
            CryptographicOperations.ZeroMemory(plain);
        }

        base.Dispose(disposing);
    }

    private async ValueTask LoadAsync(long chunk, CancellationToken cancellationToken)
    {
        var length = (int)Math.Min(BlobCipher.ChunkSize, size - (chunk * BlobCipher.ChunkSize));
        file.Seek(BlobCipher.Offset(chunk), SeekOrigin.Begin);
        await file.ReadExactlyAsync(sealedChunk.AsMemory(0, length + BlobCipher.TagSize), cancellationToken);
        Span<byte> nonce = stackalloc byte[12];
        BlobCipher.Nonce(chunk, nonce);
        try
        {
            gcm.Decrypt(nonce, sealedChunk.AsSpan(0, length), sealedChunk.AsSpan(length, BlobCipher.TagSize), plain.AsSpan(0, length));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new IOException("An encrypted blob failed its integrity check (a chunk's tag does not match): the file was damaged.", e);
        }

        loadedChunk = chunk;
        loadedLength = length;
    }
}
