using System.Security.Cryptography;

namespace Sagebrush.Core.Storage.Objects;

/// <summary>MD5 as S3 uses it: the ETag of a single PUT, and the MD5-of-MD5s of a multipart object.</summary>
#pragma warning disable CA5351 // S3 defines ETags as MD5; it identifies content, it does not protect it.
internal static class Md5Digest
{
    public static IncrementalHash CreateIncremental() => IncrementalHash.CreateHash(HashAlgorithmName.MD5);

    public static string ETag(byte[] md5) => Convert.ToHexStringLower(md5);

    public static string MultipartETag(IReadOnlyList<string> partETags)
    {
        using var hash = CreateIncremental();
        foreach (var etag in partETags)
        {
            hash.AppendData(Convert.FromHexString(etag));
        }

        return $"{Convert.ToHexStringLower(hash.GetHashAndReset())}-{partETags.Count}";
    }
}
#pragma warning restore CA5351
