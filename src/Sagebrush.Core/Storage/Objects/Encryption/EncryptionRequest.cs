namespace Sagebrush.Core.Storage.Objects.Encryption;

/// <summary>What a write asks for: SSE-S3 or SSE-KMS (with its key id, or the account's default), or SSE-C with the customer's key.</summary>
public sealed record EncryptionRequest(string Mode, string? KmsKeyId = null, CustomerKey? CustomerKey = null);
