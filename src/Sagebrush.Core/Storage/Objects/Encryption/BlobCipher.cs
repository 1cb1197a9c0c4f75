using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sagebrush.Core.Storage.Objects.Encryption;

/// <summary>
/// The format of an encrypted blob: a 16-byte random salt, then the plaintext in 64 KiB chunks, each sealed with
/// AES-256-GCM (its ciphertext, then its 16-byte tag) under a key derived for this blob (HMAC-SHA256 of the object's
/// data key and the salt) with the chunk's index as the nonce. A blob key is never used for two blobs, a nonce never
/// twice under one key; any byte changed on disk fails that chunk's tag. A range is read by decrypting only the chunks
/// it overlaps, so ranged GETs and part reads cost what they cost for plain blobs, plus the cipher.
/// </summary>
internal static class BlobCipher
{
    public const int ChunkSize = 64 * 1024;
    public const int SaltSize = 16;
    public const int TagSize = 16;

    public static byte[] BlobKey(byte[] dataKey, ReadOnlySpan<byte> salt) => HMACSHA256.HashData(dataKey, salt);

    public static void Nonce(long chunk, Span<byte> nonce)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], chunk);
    }

    /// <summary>Where chunk <paramref name="chunk"/> starts in the file.</summary>
    public static long Offset(long chunk) => SaltSize + (chunk * (ChunkSize + TagSize));
}

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
