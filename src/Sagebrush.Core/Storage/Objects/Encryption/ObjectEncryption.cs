namespace Sagebrush.Core.Storage.Objects.Encryption;

/// <summary>
/// How an object (or a multipart upload's parts) is encrypted at rest, as its index row keeps it: the mode S3 names
/// (<c>AES256</c> for SSE-S3, <c>aws:kms</c> for SSE-KMS, <c>SSE-C</c> for a customer's key), the object's data key
/// wrapped (AES-GCM) under the server's master key (SSE-S3, SSE-KMS: under a key derived from it for the KMS key id) or
/// under the customer's key (SSE-C; only the key's MD5 is kept, to answer with it, never the key).
/// </summary>
public sealed record ObjectEncryption(string Mode, string WrappedKey, string? KmsKeyId = null, string? CustomerKeyMd5 = null)
{
    public const string S3Managed = "AES256";
    public const string Kms = "aws:kms";
    public const string Customer = "SSE-C";

    public bool IsCustomerKey => Mode == Customer;
}
