using System.Security.Cryptography;

namespace Sagebrush.Core.Storage.Objects.Encryption;

/// <summary>Encrypts what is written into the blob format of <see cref="BlobCipher"/>; <see cref="FinishAsync"/> seals the last chunk.</summary>
internal sealed class EncryptingStream : Stream
{
    private readonly Stream file;
    private readonly AesGcm gcm;
    private readonly byte[] plain = new byte[BlobCipher.ChunkSize];
    private readonly byte[] sealedChunk = new byte[BlobCipher.ChunkSize + BlobCipher.TagSize];
    private readonly byte[] salt = RandomNumberGenerator.GetBytes(BlobCipher.SaltSize);
    private int filled;
    private long chunk;
    private bool started;

    public EncryptingStream(Stream file, byte[] dataKey)
    {
        this.file = file;
        gcm = new AesGcm(BlobCipher.BlobKey(dataKey, salt), BlobCipher.TagSize);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken);
        while (buffer.Length > 0)
        {
            var take = Math.Min(buffer.Length, plain.Length - filled);
            buffer[..take].CopyTo(plain.AsMemory(filled));
            filled += take;
            buffer = buffer[take..];
            if (filled == plain.Length)
            {
                await SealAsync(cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Seals the last (partial) chunk; an empty body is the salt alone.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        if (filled > 0)
        {
            await SealAsync(cancellationToken);
        }
    }

    public override void Flush() => file.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            gcm.Dispose();
            CryptographicOperations.ZeroMemory(plain);
        }

        base.Dispose(disposing);
    }

    private async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        if (!started)
        {
            started = true;
            await file.WriteAsync(salt, cancellationToken);
        }
    }

    private async ValueTask SealAsync(CancellationToken cancellationToken)
    {
        Span<byte> nonce = stackalloc byte[12];
        BlobCipher.Nonce(chunk++, nonce);
        gcm.Encrypt(nonce, plain.AsSpan(0, filled), sealedChunk.AsSpan(0, filled), sealedChunk.AsSpan(filled, BlobCipher.TagSize));
        await file.WriteAsync(sealedChunk.AsMemory(0, filled + BlobCipher.TagSize), cancellationToken);
        filled = 0;
    }
}
