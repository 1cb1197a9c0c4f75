using Microsoft.AspNetCore.Http;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Objects;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Api.S3;

/// <summary>
/// S3 over rest-xml, path style and virtual-host style, mapped onto <see cref="IObjectStore"/>.
/// The operations live in partial files by family: buckets, objects, listings, multipart.
/// Not supported yet (answered with NotImplemented, 501): versioning, ACLs and policies, tagging, lifecycle, CORS,
/// website, encryption settings, object lock, UploadPartCopy, SelectObjectContent, POST-form uploads.
/// </summary>
public sealed partial class S3Api(IObjectStore store, AccountSettings account)
{
    /// <summary>Sub-resources S3 has that Sagebrush does not implement; asking for one is NotImplemented, not a wrong answer.</summary>
    private static readonly string[] UnsupportedSubresources =
    [
        "acl", "policy", "policyStatus", "cors", "lifecycle", "tagging", "website", "logging", "notification",
        "replication", "encryption", "object-lock", "retention", "legal-hold", "torrent", "restore", "select",
        "accelerate", "analytics", "inventory", "metrics", "ownershipControls", "publicAccessBlock",
        "intelligent-tiering", "requestPayment", "attributes", "versions",
    ];

    public Task HandleAsync(ServiceCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var target = S3Target.From(call.Request);
        var query = call.Request.Query;
        var method = call.Request.Method;
        var unsupported = UnsupportedSubresources.FirstOrDefault(query.ContainsKey);
        if (unsupported is not null)
        {
            throw new AwsException("NotImplemented", $"Sagebrush does not implement the S3 '{unsupported}' sub-resource yet.", 501);
        }

        if (target.Bucket is null)
        {
            return HttpMethods.IsGet(method) ? ListBucketsAsync(call) : throw MethodNotAllowed(method);
        }

        var bucket = target.Bucket;
        if (target.Key is null)
        {
            return method switch
            {
                "PUT" => CreateBucketAsync(call, bucket),
                "HEAD" => HeadBucketAsync(call, bucket),
                "DELETE" => DeleteBucketAsync(call, bucket),
                "GET" when query.ContainsKey("location") => GetBucketLocationAsync(call, bucket),
                "GET" when query.ContainsKey("versioning") => GetBucketVersioningAsync(call, bucket),
                "GET" when query.ContainsKey("uploads") => ListMultipartUploadsAsync(call, bucket),
                "GET" when query["list-type"] == "2" => ListObjectsV2Async(call, bucket),
                "GET" => ListObjectsV1Async(call, bucket),
                "POST" when query.ContainsKey("delete") => DeleteObjectsAsync(call, bucket),
                _ => throw MethodNotAllowed(method),
            };
        }

        var key = target.Key;
        return method switch
        {
            "PUT" when query.ContainsKey("uploadId") && call.Request.Headers.ContainsKey("x-amz-copy-source") =>
                throw new AwsException("NotImplemented", "Sagebrush does not implement UploadPartCopy yet; copy objects under 5 GiB with CopyObject.", 501),
            "PUT" when query.ContainsKey("uploadId") => UploadPartAsync(call, bucket, key),
            "PUT" when call.Request.Headers.ContainsKey("x-amz-copy-source") => CopyObjectAsync(call, bucket, key),
            "PUT" => PutObjectAsync(call, bucket, key),
            "GET" when query.ContainsKey("uploadId") => ListPartsAsync(call, bucket, key),
            "GET" => GetObjectAsync(call, bucket, key, includeBody: true),
            "HEAD" => GetObjectAsync(call, bucket, key, includeBody: false),
            "DELETE" when query.ContainsKey("uploadId") => AbortMultipartUploadAsync(call, bucket, key),
            "DELETE" => DeleteObjectAsync(call, bucket, key),
            "POST" when query.ContainsKey("uploads") => CreateMultipartUploadAsync(call, bucket, key),
            "POST" when query.ContainsKey("uploadId") => CompleteMultipartUploadAsync(call, bucket, key),
            _ => throw MethodNotAllowed(method),
        };
    }

    private static AwsException MethodNotAllowed(string method) =>
        new("MethodNotAllowed", $"The specified method ({method}) is not allowed against this resource.", 405);

    private static int IntQuery(ServiceCall call, string name, int defaultValue, int max)
    {
        var raw = call.Request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return defaultValue;
        }

        return int.TryParse(raw, out var value) && value >= 0
            ? Math.Min(value, max)
            : throw new AwsException("InvalidArgument", $"Provided {name} not an integer or within integer range.");
    }

    private static string Quoted(string etag) => $"\"{etag}\"";
}
