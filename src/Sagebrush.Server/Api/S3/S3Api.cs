using Microsoft.AspNetCore.Http;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Objects;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Api.S3;

/// <summary>
/// S3 over rest-xml, path style and virtual-host style, mapped onto <see cref="IObjectStore"/>.
/// The operations live in partial files by family: buckets, objects, listings, multipart.
/// Not supported yet (answered with NotImplemented, 501): versioning, ACLs and policies, bucket tagging, lifecycle, CORS,
/// website, encryption settings, object lock, SelectObjectContent, POST-form uploads, and the
/// headers <see cref="S3UnsupportedHeaders"/> lists.
/// </summary>
public sealed partial class S3Api(IObjectStore store, AccountSettings account)
{
    /// <summary>Sub-resources S3 has that Sagebrush does not implement; asking for one is NotImplemented, not a wrong answer.</summary>
    private static readonly string[] UnsupportedSubresources =
    [
        "acl", "policy", "policyStatus", "cors", "lifecycle", "website", "logging", "notification",
        "replication", "encryption", "object-lock", "retention", "legal-hold", "torrent", "restore", "select",
        "accelerate", "analytics", "inventory", "metrics", "ownershipControls", "publicAccessBlock",
        "intelligent-tiering", "requestPayment",
    ];

    public Task HandleAsync(ServiceCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var target = S3Target.From(call.Request);
        var bucket = target.Bucket!;
        var key = target.Key!;
        var operation = Resolve(call, target);
        call.Http.Items[OperationNames.Item] = "s3." + operation;
        S3UnsupportedHeaders.Check(call.Request, account);
        if (target.Key is not null && call.Request.Query.TryGetValue("versionId", out var versionId))
        {
            RequireNullVersion(versionId.ToString());
        }
        return operation switch
        {
            S3Operation.ListBuckets => ListBucketsAsync(call),
            S3Operation.CreateBucket => CreateBucketAsync(call, bucket),
            S3Operation.HeadBucket => HeadBucketAsync(call, bucket),
            S3Operation.DeleteBucket => DeleteBucketAsync(call, bucket),
            S3Operation.GetBucketLocation => GetBucketLocationAsync(call, bucket),
            S3Operation.GetBucketVersioning => GetBucketVersioningAsync(call, bucket),
            S3Operation.ListMultipartUploads => ListMultipartUploadsAsync(call, bucket),
            S3Operation.ListObjectsV2 => ListObjectsV2Async(call, bucket),
            S3Operation.ListObjects => ListObjectsV1Async(call, bucket),
            S3Operation.ListObjectVersions => ListObjectVersionsAsync(call, bucket),
            S3Operation.DeleteObjects => DeleteObjectsAsync(call, bucket),
            S3Operation.UploadPart => UploadPartAsync(call, bucket, key),
            S3Operation.UploadPartCopy => UploadPartCopyAsync(call, bucket, key),
            S3Operation.CopyObject => CopyObjectAsync(call, bucket, key),
            S3Operation.PutObject => PutObjectAsync(call, bucket, key),
            S3Operation.ListParts => ListPartsAsync(call, bucket, key),
            S3Operation.GetObject => GetObjectAsync(call, bucket, key, includeBody: true),
            S3Operation.HeadObject => GetObjectAsync(call, bucket, key, includeBody: false),
            S3Operation.GetObjectAttributes => GetObjectAttributesAsync(call, bucket, key),
            S3Operation.AbortMultipartUpload => AbortMultipartUploadAsync(call, bucket, key),
            S3Operation.DeleteObject => DeleteObjectAsync(call, bucket, key),
            S3Operation.GetObjectTagging => GetObjectTaggingAsync(call, bucket, key),
            S3Operation.PutObjectTagging => PutObjectTaggingAsync(call, bucket, key),
            S3Operation.DeleteObjectTagging => DeleteObjectTaggingAsync(call, bucket, key),
            S3Operation.CreateMultipartUpload => CreateMultipartUploadAsync(call, bucket, key),
            S3Operation.CompleteMultipartUpload => CompleteMultipartUploadAsync(call, bucket, key),
            var unhandled => throw new InvalidOperationException($"{unhandled} is resolved but not dispatched."),
        };
    }

    /// <summary>Which operation a request is, from its method, whether it names a bucket and key, its sub-resources and headers.</summary>
    public static S3Operation Resolve(ServiceCall call, S3Target target)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(target);
        var query = call.Request.Query;
        var method = call.Request.Method;
        var unsupported = UnsupportedSubresources.FirstOrDefault(query.ContainsKey);
        if (unsupported is not null)
        {
            throw new AwsException("NotImplemented", $"Sagebrush does not implement the S3 '{unsupported}' sub-resource yet.", 501);
        }

        if (target.Bucket is null)
        {
            return HttpMethods.IsGet(method) ? S3Operation.ListBuckets : throw MethodNotAllowed(method);
        }

        if (target.Key is null)
        {
            if (query.ContainsKey("tagging"))
            {
                throw new AwsException("NotImplemented", "Sagebrush does not implement the S3 'tagging' sub-resource on buckets yet; objects take tags.", 501);
            }

            return method switch
            {
                // CreateBucket takes no query parameter: PUT ?versioning and the like are other operations.
                "PUT" when query.Count > 0 => throw new AwsException("NotImplemented", $"Sagebrush does not implement the S3 '{query.Keys.First()}' sub-resource yet.", 501),
                "PUT" => S3Operation.CreateBucket,
                "HEAD" => S3Operation.HeadBucket,
                "DELETE" => S3Operation.DeleteBucket,
                "GET" when query.ContainsKey("location") => S3Operation.GetBucketLocation,
                "GET" when query.ContainsKey("versioning") => S3Operation.GetBucketVersioning,
                "GET" when query.ContainsKey("uploads") => S3Operation.ListMultipartUploads,
                "GET" when query.ContainsKey("versions") => S3Operation.ListObjectVersions,
                "GET" when query["list-type"] == "2" => S3Operation.ListObjectsV2,
                "GET" => S3Operation.ListObjects,
                "POST" when query.ContainsKey("delete") => S3Operation.DeleteObjects,
                _ => throw MethodNotAllowed(method),
            };
        }

        var copy = call.Request.Headers.ContainsKey("x-amz-copy-source");
        return method switch
        {
            "PUT" when query.ContainsKey("tagging") => S3Operation.PutObjectTagging,
            "GET" when query.ContainsKey("tagging") => S3Operation.GetObjectTagging,
            "GET" when query.ContainsKey("attributes") => S3Operation.GetObjectAttributes,
            "DELETE" when query.ContainsKey("tagging") => S3Operation.DeleteObjectTagging,
            "PUT" when query.ContainsKey("uploadId") && copy => S3Operation.UploadPartCopy,
            "PUT" when query.ContainsKey("uploadId") => S3Operation.UploadPart,
            "PUT" when copy => S3Operation.CopyObject,
            "PUT" => S3Operation.PutObject,
            "GET" when query.ContainsKey("uploadId") => S3Operation.ListParts,
            "GET" => S3Operation.GetObject,
            "HEAD" => S3Operation.HeadObject,
            "DELETE" when query.ContainsKey("uploadId") => S3Operation.AbortMultipartUpload,
            "DELETE" => S3Operation.DeleteObject,
            "POST" when query.ContainsKey("uploads") => S3Operation.CreateMultipartUpload,
            "POST" when query.ContainsKey("uploadId") => S3Operation.CompleteMultipartUpload,
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
