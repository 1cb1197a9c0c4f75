using System.Text;
using System.Xml.Linq;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Objects;
using Sagebrush.Server.Edge;
using static Sagebrush.Server.Protocol.RestXml.S3Xml;

namespace Sagebrush.Server.Api.S3;

/// <summary>ListObjectsV2 and ListObjects (v1): prefixes, delimiters, markers, continuation tokens, url encoding.</summary>
public sealed partial class S3Api
{
    private const int MaxKeysLimit = 1000;

    private async Task ListObjectsV2Async(ServiceCall call, string bucket)
    {
        var query = call.Request.Query;
        var continuation = query["continuation-token"].ToString();
        var startAfter = query["start-after"].ToString();
        var after = continuation.Length > 0 ? DecodeContinuationToken(continuation) : NullIfEmpty(startAfter);
        var (listing, request, encode) = await ListAsync(call, bucket, after);

        await WriteAsync(call.Response, Element("ListBucketResult",
            Element("Name", bucket),
            Element("Prefix", encode(request.Prefix)),
            request.Delimiter is null ? null : Element("Delimiter", encode(request.Delimiter)),
            Element("MaxKeys", request.MaxKeys),
            Element("KeyCount", listing.Objects.Count + listing.CommonPrefixes.Count),
            Element("IsTruncated", listing.IsTruncated ? "true" : "false"),
            query.ContainsKey("continuation-token") ? Element("ContinuationToken", continuation) : null, // echoed even when empty, as S3 does
            listing is { IsTruncated: true, NextAfter: { } next } ? Element("NextContinuationToken", EncodeContinuationToken(next)) : null,
            startAfter.Length > 0 ? Element("StartAfter", encode(startAfter)) : null,
            EncodingTypeElement(call),
            Contents(listing, encode, query["fetch-owner"] == "true"),
            CommonPrefixes(listing, encode)));
    }

    private async Task ListObjectsV1Async(ServiceCall call, string bucket)
    {
        var marker = call.Request.Query["marker"].ToString();
        var (listing, request, encode) = await ListAsync(call, bucket, NullIfEmpty(marker));

        // ListObjects (v1) answers its Prefix as given, even with encoding-type=url (v2 encodes it): the SDKs decode
        // Delimiter, Marker, NextMarker and the keys of a v1 answer, not its Prefix.
        await WriteAsync(call.Response, Element("ListBucketResult",
            Element("Name", bucket),
            Element("Prefix", request.Prefix),
            Element("Marker", encode(marker)),
            listing is { IsTruncated: true, NextAfter: { } next } ? Element("NextMarker", encode(next)) : null,
            Element("MaxKeys", request.MaxKeys),
            request.Delimiter is null ? null : Element("Delimiter", encode(request.Delimiter)),
            Element("IsTruncated", listing.IsTruncated ? "true" : "false"),
            EncodingTypeElement(call),
            Contents(listing, encode, fetchOwner: true),
            CommonPrefixes(listing, encode)));
    }

    /// <summary>
    /// ListObjectVersions of a bucket whose versioning was never enabled (none here is): every object is its one
    /// version, VersionId "null" and IsLatest, as S3 lists an unversioned bucket. key-marker pages like ListObjects'
    /// marker; a version-id-marker other than "null" or empty has no version after it.
    /// </summary>
    private async Task ListObjectVersionsAsync(ServiceCall call, string bucket)
    {
        var query = call.Request.Query;
        var keyMarker = query["key-marker"].ToString();
        var (listing, request, encode) = await ListAsync(call, bucket, NullIfEmpty(keyMarker));
        await WriteAsync(call.Response, Element("ListVersionsResult",
            Element("Name", bucket),
            Element("Prefix", encode(request.Prefix)),
            Element("KeyMarker", encode(keyMarker)),
            Element("VersionIdMarker", query["version-id-marker"].ToString()),
            listing is { IsTruncated: true, NextAfter: { } next } ? Element("NextKeyMarker", encode(next)) : null,
            listing.IsTruncated ? Element("NextVersionIdMarker", "null") : null,
            Element("MaxKeys", request.MaxKeys),
            request.Delimiter is null ? null : Element("Delimiter", encode(request.Delimiter)),
            Element("IsTruncated", listing.IsTruncated ? "true" : "false"),
            EncodingTypeElement(call),
            listing.Objects.Select(o => Element("Version",
                Element("Key", encode(o.Key)),
                Element("VersionId", "null"),
                Element("IsLatest", "true"),
                Element("LastModified", Timestamp(o.LastModified)),
                Element("ETag", Quoted(o.ETag)),
                Element("Size", o.Size),
                Owner(),
                Element("StorageClass", "STANDARD"))),
            CommonPrefixes(listing, encode)));
    }

    private async Task<(ObjectListing Listing, ListObjectsQuery Request, Func<string, string> Encode)> ListAsync(ServiceCall call, string bucket, string? after)
    {
        var query = call.Request.Query;
        var request = new ListObjectsQuery(
            Prefix: query["prefix"].ToString(),
            Delimiter: NullIfEmpty(query["delimiter"].ToString()),
            After: after,
            MaxKeys: IntQuery(call, "max-keys", MaxKeysLimit, MaxKeysLimit));
        var listing = await store.ListObjectsAsync(bucket, request, call.Aborted);
        return (listing, request, KeyEncoder(call));
    }

    private IEnumerable<XElement> Contents(ObjectListing listing, Func<string, string> encode, bool fetchOwner) =>
        listing.Objects.Select(o => Element("Contents",
            Element("Key", encode(o.Key)),
            Element("LastModified", Timestamp(o.LastModified)),
            Element("ETag", Quoted(o.ETag)),
            o.ChecksumAlgorithm is { } algorithm ? Element("ChecksumAlgorithm", S3RequestReader.AlgorithmName(algorithm)) : null,
            Element("Size", o.Size),
            fetchOwner ? Owner() : null,
            Element("StorageClass", "STANDARD")));

    private static IEnumerable<XElement> CommonPrefixes(ObjectListing listing, Func<string, string> encode) =>
        listing.CommonPrefixes.Select(p => Element("CommonPrefixes", Element("Prefix", encode(p))));

    /// <summary>With <c>encoding-type=url</c>, keys and prefixes are URL-encoded so that control characters survive XML.</summary>
    private static Func<string, string> KeyEncoder(ServiceCall call)
    {
        var encodingType = call.Request.Query["encoding-type"].ToString();
        return encodingType switch
        {
            "" => key => key,
            "url" => S3UrlEncoding.Encode,
            _ => throw new AwsException("InvalidArgument", "Invalid Encoding Method specified in Request"),
        };
    }

    private static XElement? EncodingTypeElement(ServiceCall call) =>
        call.Request.Query["encoding-type"] == "url" ? Element("EncodingType", "url") : null;

    /// <summary>Continuation tokens are opaque to clients; here they carry the last key returned.</summary>
    private static string EncodeContinuationToken(string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("1:" + lastKey));

    private static string DecodeContinuationToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("1:", StringComparison.Ordinal))
            {
                return text[2..];
            }
        }
        catch (FormatException)
        {
        }

        throw new AwsException("InvalidArgument", "The continuation token provided is incorrect");
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
