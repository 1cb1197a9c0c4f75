using Sagebrush.Core.Storage.Objects;
using Sagebrush.Server.Edge;
using Sagebrush.Server.Protocol.RestXml;
using static Sagebrush.Server.Protocol.RestXml.S3Xml;

namespace Sagebrush.Server.Api.S3;

/// <summary>CreateBucket, HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation, GetBucketVersioning.</summary>
public sealed partial class S3Api
{
    private async Task CreateBucketAsync(ServiceCall call, string bucket)
    {
        // The optional CreateBucketConfiguration names a location; there is one region here, so it is read and dropped.
        await call.Auth.Body.CopyToAsync(Stream.Null, call.Aborted);
        await store.CreateBucketAsync(bucket, call.Aborted);
        call.Response.Headers.Location = "/" + bucket;
        call.Response.StatusCode = 200;
    }

    private async Task HeadBucketAsync(ServiceCall call, string bucket)
    {
        _ = await store.GetBucketAsync(bucket, call.Aborted) ?? throw S3Errors.NoSuchBucket(bucket);
        call.Response.Headers["x-amz-bucket-region"] = account.Region;
        call.Response.StatusCode = 200;
    }

    private async Task DeleteBucketAsync(ServiceCall call, string bucket)
    {
        await store.DeleteBucketAsync(bucket, call.Aborted);
        call.Response.StatusCode = 204;
    }

    private async Task ListBucketsAsync(ServiceCall call)
    {
        var buckets = await store.ListBucketsAsync(call.Aborted);
        await WriteAsync(call.Response, Element("ListAllMyBucketsResult",
            Owner(),
            Element("Buckets", buckets.Select(b => Element("Bucket",
                Element("Name", b.Name),
                Element("CreationDate", Timestamp(b.CreationDate)))))));
    }

    private async Task GetBucketLocationAsync(ServiceCall call, string bucket)
    {
        _ = await store.GetBucketAsync(bucket, call.Aborted) ?? throw S3Errors.NoSuchBucket(bucket);

        // S3 reports us-east-1 as an empty location constraint.
        await WriteAsync(call.Response, Element("LocationConstraint", account.Region == "us-east-1" ? null : account.Region));
    }

    /// <summary>Versioning is never enabled here, which S3 reports as an empty configuration.</summary>
    private async Task GetBucketVersioningAsync(ServiceCall call, string bucket)
    {
        _ = await store.GetBucketAsync(bucket, call.Aborted) ?? throw S3Errors.NoSuchBucket(bucket);
        await WriteAsync(call.Response, Element("VersioningConfiguration"));
    }

    private System.Xml.Linq.XElement Owner() =>
        Element("Owner", Element("ID", account.AccountId), Element("DisplayName", "sagebrush"));
}
