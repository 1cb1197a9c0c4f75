namespace Sagebrush.Core.Storage.Objects.Encryption;

/// <summary>A copy's encryption: the source's SSE-C key (<c>x-amz-copy-source-server-side-encryption-customer-*</c>) and what the new object asks for.</summary>
public sealed record CopyEncryption(CustomerKey? SourceKey, EncryptionRequest? Destination);
