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
