namespace Sagebrush.Core.Storage.Objects.Encryption;

/// <summary>A customer-provided key (SSE-C) as a request gives it: 32 bytes and the base64 MD5 the client computed.</summary>
public sealed record CustomerKey(byte[] Key, string Md5);
