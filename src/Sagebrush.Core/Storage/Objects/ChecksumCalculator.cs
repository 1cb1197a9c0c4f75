using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// Computes S3's additional checksums (<c>x-amz-checksum-*</c>) incrementally. The raw value is big-endian and
/// travels base64-encoded. Public so the protocol layer can check values the store did not compute.
/// </summary>
public sealed class ChecksumCalculator : IDisposable
{
    private readonly IncrementalHash? _hash;
    private ulong _crc;

    public ChecksumCalculator(ChecksumAlgorithm algorithm)
    {
        Algorithm = algorithm;
        _hash = algorithm switch
        {
#pragma warning disable CA5350 // S3 defines the SHA-1 checksum; it is an integrity check, not a security boundary.
            ChecksumAlgorithm.Sha1 => IncrementalHash.CreateHash(HashAlgorithmName.SHA1),
#pragma warning restore CA5350
            ChecksumAlgorithm.Sha256 => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
            _ => null,
        };
        _crc = InitialCrc;
    }

    public ChecksumAlgorithm Algorithm { get; }

    // zlib's crc32 pre- and post-inverts itself and starts from 0; CRC32C through the raw instruction needs both done here.
    private ulong InitialCrc => Algorithm == ChecksumAlgorithm.Crc32C ? uint.MaxValue : 0;

    public static byte[] Compute(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        using var calculator = new ChecksumCalculator(algorithm);
        calculator.Append(data);
        return calculator.GetHashAndReset();
    }

    public static string ComputeBase64(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(Compute(algorithm, data));

    public unsafe void Append(ReadOnlySpan<byte> data)
    {
        switch (Algorithm)
        {
            case ChecksumAlgorithm.Crc32:
                fixed (byte* bytes = data)
                {
                    _crc = Zlib.Crc32(_crc, bytes, (uint)data.Length);
                }

                break;
            case ChecksumAlgorithm.Crc32C:
                _crc = AppendCrc32C((uint)_crc, data);
                break;
            default:
                _hash!.AppendData(data);
                break;
        }
    }

    /// <summary>The raw big-endian checksum of everything appended; the calculator starts over afterwards.</summary>
    public byte[] GetHashAndReset()
    {
        if (_hash is not null)
        {
            return _hash.GetHashAndReset();
        }

        var value = Algorithm == ChecksumAlgorithm.Crc32C ? ~(uint)_crc : (uint)_crc;
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        _crc = InitialCrc;
        return bytes;
    }

    public void Dispose() => _hash?.Dispose();

    private static uint AppendCrc32C(uint crc, ReadOnlySpan<byte> data)
    {
        // Eight bytes per instruction; the ulong overload consumes them in little-endian order, as the byte loop would.
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }
}
