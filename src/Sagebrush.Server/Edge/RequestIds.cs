using System.Security.Cryptography;

namespace Sagebrush.Server.Edge;

/// <summary>Request ids in the forms clients expect: a UUID for JSON services, 16 upper-case hex digits for S3.</summary>
public static class RequestIds
{
    public static string NewJsonRequestId() => Core.Common.RandomUuid.Next();

    public static string NewS3RequestId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    /// <summary>S3's x-amz-id-2: an opaque base64 token.</summary>
    public static string NewS3HostId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
}
