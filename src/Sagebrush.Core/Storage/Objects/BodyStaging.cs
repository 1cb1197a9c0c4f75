using System.Buffers;

namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// Streams a request body into a staging file while hashing it, through one pooled buffer, so a 1 GiB PUT costs
/// 128 KiB of memory. The file is synced before returning: it is about to become an object.
/// </summary>
internal static class BodyStaging
{
    public const int BufferSize = 128 * 1024;

    /// <param name="dataKey">The object's data key when it is encrypted at rest (the file then holds only ciphertext), else null.</param>
    public static async Task<BodyDigests> WriteAsync(Stream body, string path, ChecksumAlgorithm? algorithm, CancellationToken cancellationToken, byte[]? dataKey = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var md5 = Md5Digest.CreateIncremental();
        using var checksum = algorithm is { } requested ? new ChecksumCalculator(requested) : null;
        long length = 0;
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            await using var encrypting = dataKey is null ? null : new Encryption.EncryptingStream(file, dataKey);
            Stream target = encrypting ?? (Stream)file;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                md5.AppendData(buffer, 0, read);
                checksum?.Append(buffer.AsSpan(0, read));
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                length += read;
            }

            if (encrypting is not null)
            {
                await encrypting.FinishAsync(cancellationToken);
            }

            file.Flush(flushToDisk: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var checksumValue = checksum is null ? null : Convert.ToBase64String(checksum.GetHashAndReset());
        return new BodyDigests(length, md5.GetHashAndReset(), algorithm, checksumValue);
    }

    /// <summary>
    /// Copies a stream (an object being copied, its blobs decrypted) into a new synced file, encrypted under
    /// <paramref name="dataKey"/> when given; returns the MD5 of what was copied.
    /// </summary>
    public static async Task<byte[]> CopyAsync(Stream source, string path, CancellationToken cancellationToken, byte[]? dataKey = null) =>
        (await WriteAsync(source, path, null, cancellationToken, dataKey)).Md5;
}
