using Microsoft.AspNetCore.Http;
using Sagebrush.Core.Common;

namespace Sagebrush.Server.Api.S3;

/// <summary>
/// Headers that ask S3 for something Sagebrush does not do (ACL grants, a KMS encryption context, storage classes,
/// object lock, website redirects, appends). Accepting them would be a silent lie, so a request carrying one is refused
/// with S3's NotImplemented (501) naming the header, before its body is read. Server-side encryption (SSE-S3, SSE-KMS,
/// SSE-C) is implemented: <see cref="S3Encryption"/>. The values that change nothing in a one-account, one-class
/// store are accepted: <c>x-amz-acl: private</c> and the bucket-owner ones, <c>x-amz-storage-class: STANDARD</c>,
/// <c>x-amz-object-ownership: BucketOwnerEnforced</c>, <c>x-amz-bucket-object-lock-enabled: false</c>.
/// <c>x-amz-expected-bucket-owner</c> is checked against the account, as S3 does.
/// </summary>
internal static class S3UnsupportedHeaders
{
    private static readonly string[] Refused =
    [
        "x-amz-grant-read", "x-amz-grant-write", "x-amz-grant-read-acp", "x-amz-grant-write-acp", "x-amz-grant-full-control",
        "x-amz-server-side-encryption-context",
        "x-amz-object-lock-mode", "x-amz-object-lock-retain-until-date", "x-amz-object-lock-legal-hold",
        "x-amz-website-redirect-location", "x-amz-write-offset-bytes",
    ];

    /// <summary>Headers accepted only with the values that change nothing here.</summary>
    private static readonly (string Header, string[] Harmless)[] Restricted =
    [
        ("x-amz-acl", ["private", "bucket-owner-full-control", "bucket-owner-read"]),
        ("x-amz-storage-class", ["STANDARD"]),
        ("x-amz-object-ownership", ["BucketOwnerEnforced"]),
        ("x-amz-bucket-object-lock-enabled", ["false"]),
    ];

    public static void Check(HttpRequest request, AccountSettings account)
    {
        var headers = request.Headers;
        foreach (var name in Refused)
        {
            if (headers.ContainsKey(name))
            {
                throw NotImplemented(name);
            }
        }

        foreach (var (name, harmless) in Restricted)
        {
            if (headers.TryGetValue(name, out var value) && !harmless.Contains(value.ToString(), StringComparer.OrdinalIgnoreCase))
            {
                throw NotImplemented(name);
            }
        }

        if (headers.TryGetValue("x-amz-expected-bucket-owner", out var owner) && owner.ToString() != account.AccountId)
        {
            throw new AwsException("AccessDenied", "Access Denied", 403);
        }
    }

    public static AwsException NotImplemented(string header) =>
        new("NotImplemented", "A header you provided implies functionality that is not implemented", 501)
        {
            Details = new Dictionary<string, string> { ["Header"] = header },
        };
}
