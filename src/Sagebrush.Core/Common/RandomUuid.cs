namespace Sagebrush.Core.Common;

/// <summary>
/// Version-4 UUIDs for ids that must be unique but guard nothing (request ids, capture event ids), drawn from
/// <see cref="Random.Shared"/>: <see cref="Guid.NewGuid"/> asks the kernel for random bytes, a system call on every
/// InvokeEndpoint, which showed in the router's profile. Never use these for anything a caller must not guess.
/// </summary>
public static class RandomUuid
{
    public static string Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid's byte order: the high byte of the third group)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString();
    }
}
