using System.Text;
using System.Text.RegularExpressions;

namespace Sagebrush.Core.Storage.Objects;

/// <summary>S3's rules for bucket names (general purpose buckets) and object keys.</summary>
internal static partial class S3Names
{
    public const int MaxKeyBytes = 1024;

    public static void ValidateBucketName(string bucket)
    {
        if (!IsValidBucketName(bucket))
        {
            throw S3Errors.InvalidBucketName(bucket);
        }
    }

    public static bool IsValidBucketName(string bucket) =>
        bucket is { Length: >= 3 and <= 63 }
        && BucketShape().IsMatch(bucket)
        && !bucket.Contains("..", StringComparison.Ordinal)
        && !IpAddressShape().IsMatch(bucket)
        && !bucket.StartsWith("xn--", StringComparison.Ordinal)
        && !bucket.StartsWith("sthree-", StringComparison.Ordinal)
        && !bucket.EndsWith("-s3alias", StringComparison.Ordinal)
        && !bucket.EndsWith("--ol-s3", StringComparison.Ordinal);

    public static void ValidateKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var size = Encoding.UTF8.GetByteCount(key);
        if (size > MaxKeyBytes)
        {
            throw S3Errors.KeyTooLong(size);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]\\z")]
    private static partial Regex BucketShape();

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\z")]
    private static partial Regex IpAddressShape();
}
