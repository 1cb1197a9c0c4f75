using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Objects.Encryption;

namespace Sagebrush.Server.Api.S3;

/// <summary>
/// Server-side encryption's headers, read and answered as S3 does: <c>x-amz-server-side-encryption</c> (AES256 for
/// SSE-S3, aws:kms for SSE-KMS with <c>x-amz-server-side-encryption-aws-kms-key-id</c>), and SSE-C's
/// <c>x-amz-server-side-encryption-customer-algorithm</c>, <c>-customer-key</c> (base64 of 32 bytes) and
/// <c>-customer-key-MD5</c> (also with the <c>x-amz-copy-source-</c> prefix for a copy's source). S3 takes SSE-C only
/// over HTTPS; Sagebrush, on a loopback without TLS, takes it over HTTP too. Accepted without effect:
/// <c>x-amz-server-side-encryption-bucket-key-enabled</c> (a cost option of KMS).
/// </summary>
internal static class S3Encryption
{
    public const string Header = "x-amz-server-side-encryption";
    public const string KmsKeyIdHeader = "x-amz-server-side-encryption-aws-kms-key-id";
    public const string CustomerAlgorithmHeader = "x-amz-server-side-encryption-customer-algorithm";
    public const string CustomerKeyHeader = "x-amz-server-side-encryption-customer-key";
    public const string CustomerKeyMd5Header = "x-amz-server-side-encryption-customer-key-MD5";
    /// <summary>SSE-C's headers for the object a request names, and for a copy's source.</summary>
    public const string ObjectPrefix = "x-amz-";
    public const string CopySourcePrefix = "x-amz-copy-source-";

    /// <summary>What a write asks for, or null for a plain object.</summary>
    public static EncryptionRequest? Request(HttpRequest request)
    {
        var headers = request.Headers;
        var customer = CustomerKeyOf(request, ObjectPrefix);
        var mode = headers[Header].ToString();
        if (mode.Length > 0 && customer is not null)
        {
            throw Invalid("Server Side Encryption with Customer provided key is incompatible with the encryption method specified");
        }

        var keyId = headers[KmsKeyIdHeader].ToString();
        if (keyId.Length > 0 && mode != ObjectEncryption.Kms)
        {
            throw Invalid("Specifying a KMS key id is only valid with aws:kms server-side encryption.");
        }

        return mode switch
        {
            "" => customer is null ? null : new EncryptionRequest(ObjectEncryption.Customer, CustomerKey: customer),
            ObjectEncryption.S3Managed => new EncryptionRequest(ObjectEncryption.S3Managed),
            ObjectEncryption.Kms => new EncryptionRequest(ObjectEncryption.Kms, keyId.Length > 0 ? keyId : null),
            _ => throw Invalid("The encryption method specified is not supported"),
        };
    }

    /// <summary>GET and HEAD take only SSE-C's headers: an object's SSE-S3 or SSE-KMS encryption is not for the reader to name.</summary>
    public static void RefuseOnRead(HttpRequest request)
    {
        foreach (var header in new[] { Header, KmsKeyIdHeader })
        {
            if (request.Headers.ContainsKey(header))
            {
                throw Invalid($"The {header} header is not supported for this operation.");
            }
        }
    }

    /// <summary>
    /// The SSE-C key a request carries (<paramref name="prefix"/> <see cref="ObjectPrefix"/> for the object,
    /// <see cref="CopySourcePrefix"/> for a copy's source), checked as S3 checks it; null when it carries none.
    /// </summary>
    public static CustomerKey? CustomerKeyOf(HttpRequest request, string prefix)
    {
        var headers = request.Headers;
        var algorithm = headers[prefix + "server-side-encryption-customer-algorithm"].ToString();
        var key = headers[prefix + "server-side-encryption-customer-key"].ToString();
        var md5 = headers[prefix + "server-side-encryption-customer-key-MD5"].ToString();
        if (algorithm.Length == 0 && key.Length == 0 && md5.Length == 0)
        {
            return null;
        }

        if (algorithm.Length == 0)
        {
            throw Invalid("Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.");
        }

        if (algorithm != "AES256")
        {
            throw new AwsException("InvalidEncryptionAlgorithmError", "The encryption request you specified is not valid. The valid value is AES256.");
        }

        if (key.Length == 0)
        {
            throw Invalid("Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.");
        }

        if (md5.Length == 0)
        {
            throw Invalid("Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            throw Invalid("The secret key was invalid for the specified algorithm.");
        }

        if (bytes.Length != 32)
        {
            throw Invalid("The secret key was invalid for the specified algorithm.");
        }

        if (Convert.ToBase64String(MD5.HashData(bytes)) != md5)
        {
            throw Invalid("The calculated MD5 hash of the key did not match the hash that was provided.");
        }

        return new CustomerKey(bytes, md5);
    }

    /// <summary>The headers every answer about an encrypted object carries.</summary>
    public static void Write(HttpResponse response, ObjectEncryption? encryption)
    {
        switch (encryption)
        {
            case null:
                return;
            case { IsCustomerKey: true }:
                response.Headers[CustomerAlgorithmHeader] = "AES256";
                response.Headers[CustomerKeyMd5Header] = encryption.CustomerKeyMd5;
                return;
            default:
                response.Headers[Header] = encryption.Mode;
                if (encryption.KmsKeyId is { } keyId)
                {
                    response.Headers[KmsKeyIdHeader] = keyId;
                }

                return;
        }
    }

    private static AwsException Invalid(string message) => new("InvalidArgument", message);
}
