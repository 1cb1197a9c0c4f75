using Sagebrush.Core.Common;
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
        try
        {
            await store.CreateBucketAsync(bucket, call.Aborted);
        }
        catch (AwsException owned) when (owned.Code == S3ErrorCodes.BucketAlreadyOwnedByYou && account.Region == "us-east-1")
        {
            // S3's legacy behaviour in us-east-1 alone: creating a bucket you already own answers 200 and changes nothing.
        }

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

    /// <summary>
    /// ListBuckets, with the paging S3 added in 2024: <c>max-buckets</c> (1 to 10,000; without it, every bucket),
    /// <c>continuation-token</c> (from the previous page's ContinuationToken), <c>prefix</c> and <c>bucket-region</c>.
    /// </summary>
    private async Task ListBucketsAsync(ServiceCall call)
    {
        var query = call.Request.Query;
        var prefix = query["prefix"].ToString();
        var region = query["bucket-region"].ToString();
        var token = query["continuation-token"].ToString();
        var after = token.Length > 0 ? DecodeContinuationToken(token) : null;
        int? max = null;
        if (query.ContainsKey("max-buckets"))
        {
            max = int.TryParse(query["max-buckets"].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 10_000
                ? value
                : throw new AwsException("InvalidArgument", "Argument max-buckets must be an integer between 1 and 10000.");
        }

        var buckets = (await store.ListBucketsAsync(call.Aborted))
            .Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal) && (region.Length == 0 || region == account.Region))
            .Where(b => after is null || string.CompareOrdinal(b.Name, after) > 0)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        var page = max is { } limit ? buckets.Take(limit).ToList() : buckets;
        var truncated = page.Count < buckets.Count;
        await WriteAsync(call.Response, Element("ListAllMyBucketsResult",
            Owner(),
            Element("Buckets", page.Select(b => Element("Bucket",
                Element("Name", b.Name),
                Element("CreationDate", Timestamp(b.CreationDate)),
                Element("BucketRegion", account.Region)))),
            truncated ? Element("ContinuationToken", EncodeContinuationToken(page[^1].Name)) : null,
            query.ContainsKey("prefix") ? Element("Prefix", prefix) : null));
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
