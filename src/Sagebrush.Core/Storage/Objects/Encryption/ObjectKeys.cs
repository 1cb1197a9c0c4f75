using System.Security.Cryptography;
using System.Text;
using Sagebrush.Core.Common;

namespace Sagebrush.Core.Storage.Objects.Encryption;

/// <summary>
/// Makes and opens objects' data keys. Each encrypted object (or multipart upload) has a random 256-bit data key of its
/// own; each blob of it is encrypted under a key derived from that and a salt in the blob's header
/// (<see cref="BlobCipher"/>). The data key is kept only wrapped: AES-GCM under the master key (SSE-S3), under
/// HMAC(master, KMS key id) (SSE-KMS), or under the customer's own key (SSE-C), so a wrong customer key fails the
/// wrap's authentication and nothing of the object is read.
/// </summary>
internal sealed class ObjectKeys(MasterKey master, AccountSettings? account = null)
{
    public (ObjectEncryption Record, byte[] DataKey) Create(EncryptionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var record = request.Mode switch
        {
            ObjectEncryption.S3Managed => new ObjectEncryption(ObjectEncryption.S3Managed, Wrap(master.Bytes, dataKey)),
            ObjectEncryption.Kms => Kms(request.KmsKeyId ?? DefaultKmsKeyId, dataKey),
            _ => new ObjectEncryption(ObjectEncryption.Customer, Wrap(request.CustomerKey!.Key, dataKey), CustomerKeyMd5: request.CustomerKey.Md5),
        };
        return (record, dataKey);
    }

    /// <summary>The account's AWS-managed key for S3 (<c>aws/s3</c>), as an SSE-KMS request without a key id gets.</summary>
    public string DefaultKmsKeyId
    {
        get
        {
            var settings = account ?? new AccountSettings();
            var id = new Guid(MD5.HashData(Encoding.UTF8.GetBytes("aws/s3:" + settings.AccountId)));
            return $"arn:aws:kms:{settings.Region}:{settings.AccountId}:key/{id}";
        }
    }

    /// <summary>The object's data key; S3's errors when an SSE-C object is read without its key or with another.</summary>
    public byte[] Open(ObjectEncryption record, CustomerKey? customerKey)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.IsCustomerKey)
        {
            if (customerKey is not null)
            {
                throw new AwsException("InvalidRequest", "The encryption parameters are not applicable to this object.");
            }

            return Unwrap(record.Mode == ObjectEncryption.Kms ? KmsKey(record.KmsKeyId!) : master.Bytes, record.WrappedKey)
                ?? throw new InvalidDataException("An object's data key does not open under the master key: the master key file was replaced.");
        }

        if (customerKey is null)
        {
            throw new AwsException("InvalidRequest", "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.");
        }

        return Unwrap(customerKey.Key, record.WrappedKey)
            ?? throw new AwsException("InvalidRequest", "The provided encryption parameters did not match the ones used originally.");
    }

    /// <summary>
    /// The ETag of an SSE-KMS or SSE-C object: S3's is not the MD5 of the plaintext for those (it would let anyone who
    /// can list the bucket test guesses of the content), so it is an HMAC of that MD5 under the object's data key.
    /// </summary>
    public static string OpaqueETag(byte[] dataKey, byte[] md5) => Convert.ToHexStringLower(HMACSHA256.HashData(dataKey, md5)[..16]);

    private ObjectEncryption Kms(string keyId, byte[] dataKey) => new(ObjectEncryption.Kms, Wrap(KmsKey(keyId), dataKey), KmsKeyId: keyId);

    private byte[] KmsKey(string keyId) => HMACSHA256.HashData(master.Bytes, Encoding.UTF8.GetBytes("kms:" + keyId));

    private static string Wrap(byte[] keyEncryptionKey, byte[] dataKey)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var sealedKey = new byte[dataKey.Length];
        var tag = new byte[16];
        using var gcm = new AesGcm(keyEncryptionKey, 16);
        gcm.Encrypt(nonce, dataKey, sealedKey, tag);
        return Convert.ToBase64String([.. nonce, .. sealedKey, .. tag]);
    }

    private static byte[]? Unwrap(byte[] keyEncryptionKey, string wrapped)
    {
        var bytes = Convert.FromBase64String(wrapped);
        var dataKey = new byte[bytes.Length - 28];
        try
        {
            using var gcm = new AesGcm(keyEncryptionKey, 16);
            gcm.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(12, dataKey.Length), bytes.AsSpan(12 + dataKey.Length), dataKey);
            return dataKey;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
