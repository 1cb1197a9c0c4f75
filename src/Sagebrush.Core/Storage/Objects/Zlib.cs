using System.Runtime.InteropServices;

namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// zlib's CRC-32 (the IEEE polynomial S3 uses for CRC32). The BCL has no public CRC-32 outside System.IO.Hashing,
/// which is not available here, and zlib is on every Linux host and vectorised.
/// </summary>
internal static unsafe partial class Zlib
{
    /// <summary>uLong crc32(uLong crc, const Bytef *buf, uInt len): uLong is 64-bit on LP64 Linux.</summary>
    [LibraryImport("libz.so.1", EntryPoint = "crc32")]
    internal static partial ulong Crc32(ulong crc, byte* buffer, uint length);
}
