using System.Globalization;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Objects;
using Sagebrush.Core.Storage.Objects.Encryption;
using Sagebrush.Server.Edge;
using static Sagebrush.Server.Protocol.RestXml.S3Xml;

namespace Sagebrush.Server.Api.S3;

/// <summary>CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload, ListParts, ListMultipartUploads.</summary>
public sealed partial class S3Api
{
    private const int MaxPartsLimit = 1000;

    private async Task CreateMultipartUploadAsync(ServiceCall call, string bucket, string key)
    {
        // Tags wait in the upload and are the completed object's.
        var write = S3RequestReader.ObjectWrite(call) with { Tags = TaggingHeader(call) };
        await call.Auth.Body.CopyToAsync(Stream.Null, call.Aborted);
        var upload = await store.CreateMultipartUploadAsync(bucket, key, write, call.Aborted);
        if (upload.ChecksumAlgorithm is { } algorithm)
        {
            call.Response.Headers["x-amz-checksum-algorithm"] = S3RequestReader.AlgorithmName(algorithm);
        }

        S3Encryption.Write(call.Response, upload.Encryption);

        await WriteAsync(call.Response, Element("InitiateMultipartUploadResult",
            Element("Bucket", bucket),
            Element("Key", key),
            Element("UploadId", upload.UploadId)));
    }

    private async Task UploadPartAsync(ServiceCall call, string bucket, string key)
    {
        var partNumber = PartNumber(call);
        var check = S3RequestReader.BodyCheck(call);
        var customerKey = S3Encryption.CustomerKeyOf(call.Request, S3Encryption.ObjectPrefix);
        var part = await store.UploadPartAsync(bucket, key, call.Request.Query["uploadId"].ToString(), partNumber, call.Auth.Body, check, customerKey, call.Aborted);
        call.Response.Headers.ETag = Quoted(part.ETag);
        S3Encryption.Write(call.Response, part.Encryption);
        if (part.Checksum is { } checksum && check.Algorithm is { } algorithm)
        {
            call.Response.Headers[S3RequestReader.HeaderName(algorithm)] = checksum;
        }

        call.Response.StatusCode = 200;
    }

    /// <summary>
    /// UploadPartCopy: a part made from another object's bytes (all of them, or <c>x-amz-copy-source-range:
    /// bytes=first-last</c>), with CopyObject's source conditions. How the AWS CLI copies objects over its multipart
    /// threshold.
    /// </summary>
    private async Task UploadPartCopyAsync(ServiceCall call, string bucket, string key)
    {
        var partNumber = PartNumber(call);
        var (sourceBucket, sourceKey) = CopySource(call.Request.Headers["x-amz-copy-source"].ToString());
        await call.Auth.Body.CopyToAsync(Stream.Null, call.Aborted);
        var sourceCustomerKey = S3Encryption.CustomerKeyOf(call.Request, S3Encryption.CopySourcePrefix);
        var customerKey = S3Encryption.CustomerKeyOf(call.Request, S3Encryption.ObjectPrefix);
        var source = await store.HeadObjectAsync(sourceBucket, sourceKey, sourceCustomerKey, call.Aborted) ?? throw S3Errors.NoSuchKey(sourceKey);
        CheckCopySource(call, source);
        var range = CopySourceRange(call.Request.Headers["x-amz-copy-source-range"].ToString(), source.Size);
        await using var content = await store.GetObjectAsync(sourceBucket, sourceKey, range, sourceCustomerKey, call.Aborted);
        var part = await store.UploadPartAsync(bucket, key, call.Request.Query["uploadId"].ToString(), partNumber, content.Body, BodyCheck.None, customerKey, call.Aborted);
        S3Encryption.Write(call.Response, part.Encryption);
        await WriteAsync(call.Response, Element("CopyPartResult",
            Element("LastModified", Timestamp(part.LastModified)),
            Element("ETag", Quoted(part.ETag))));
    }

    /// <summary><c>bytes=first-last</c> inside the source, as S3 requires it; absent: the whole source.</summary>
    private static ByteRange? CopySourceRange(string header, long sourceSize)
    {
        if (header.Length == 0)
        {
            return null;
        }

        var spec = header.StartsWith("bytes=", StringComparison.Ordinal) ? header["bytes=".Length..].Split('-') : [];
        if (spec.Length != 2
            || !long.TryParse(spec[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(spec[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || first > last)
        {
            throw new AwsException("InvalidArgument",
                "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy");
        }

        return last < sourceSize
            ? new ByteRange(first, last)
            : throw new AwsException("InvalidRange", "The requested range is not satisfiable", 416)
            {
                Details = new Dictionary<string, string> { ["RangeRequested"] = header, ["ActualObjectSize"] = sourceSize.ToString(CultureInfo.InvariantCulture) },
            };
    }

    private static readonly string[] ChecksumHeaders = ["x-amz-checksum-crc32", "x-amz-checksum-crc32c", "x-amz-checksum-sha1", "x-amz-checksum-sha256"];

    private async Task CompleteMultipartUploadAsync(ServiceCall call, string bucket, string key)
    {
        var document = await ReadAsync(call.Auth.Body, call.Aborted);
        var parts = Children(document, "Part").Select(p => new CompletedPart(
            int.TryParse(ChildValue(p, "PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : throw Malformed(),
            ChildValue(p, "ETag") ?? throw Malformed())).ToList();
        if (parts.Count == 0)
        {
            throw Malformed();
        }

        var expected = ChecksumHeaders.Select(name => call.Request.Headers[name].ToString()).FirstOrDefault(value => value.Length > 0);
        var info = await store.CompleteMultipartUploadAsync(bucket, key, call.Request.Query["uploadId"].ToString(), parts, expected, call.Aborted);
        if (info.Encryption is { IsCustomerKey: false })
        {
            S3Encryption.Write(call.Response, info.Encryption);
        }

        await WriteAsync(call.Response, Element("CompleteMultipartUploadResult",
            Element("Location", $"{call.Request.Scheme}://{call.Request.Host}/{bucket}/{Uri.EscapeDataString(key)}"),
            Element("Bucket", bucket),
            Element("Key", key),
            Element("ETag", Quoted(info.ETag)),
            info is { ChecksumAlgorithm: { } algorithm, Checksum: { } checksum }
                ? Element("Checksum" + S3RequestReader.AlgorithmName(algorithm), checksum)
                : null,
            info.ChecksumType is { } type ? Element("ChecksumType", type) : null));
    }

    private async Task AbortMultipartUploadAsync(ServiceCall call, string bucket, string key)
    {
        await store.AbortMultipartUploadAsync(bucket, key, call.Request.Query["uploadId"].ToString(), call.Aborted);
        call.Response.StatusCode = 204;
    }

    private async Task ListPartsAsync(ServiceCall call, string bucket, string key)
    {
        var uploadId = call.Request.Query["uploadId"].ToString();
        var marker = IntQuery(call, "part-number-marker", 0, int.MaxValue);
        var maxParts = IntQuery(call, "max-parts", MaxPartsLimit, MaxPartsLimit);
        var listing = await store.ListPartsAsync(bucket, key, uploadId, marker, maxParts, call.Aborted);
        await WriteAsync(call.Response, Element("ListPartsResult",
            Element("Bucket", bucket),
            Element("Key", key),
            Element("UploadId", uploadId),
            Element("PartNumberMarker", marker),
            Element("NextPartNumberMarker", listing.NextPartNumberMarker),
            Element("MaxParts", maxParts),
            Element("IsTruncated", listing.IsTruncated ? "true" : "false"),
            listing.Upload.ChecksumAlgorithm is { } algorithm ? Element("ChecksumAlgorithm", S3RequestReader.AlgorithmName(algorithm)) : null,
            listing.Parts.Select(p => Element("Part",
                Element("PartNumber", p.PartNumber),
                Element("LastModified", Timestamp(p.LastModified)),
                Element("ETag", Quoted(p.ETag)),
                p.Checksum is { } checksum && listing.Upload.ChecksumAlgorithm is { } partAlgorithm
                    ? Element("Checksum" + S3RequestReader.AlgorithmName(partAlgorithm), checksum)
                    : null,
                Element("Size", p.Size))),
            Owner(),
            Element("StorageClass", "STANDARD")));
    }

    private async Task ListMultipartUploadsAsync(ServiceCall call, string bucket)
    {
        var query = call.Request.Query;
        var encode = KeyEncoder(call);
        var request = new ListUploadsQuery(
            Prefix: query["prefix"].ToString(),
            Delimiter: NullIfEmpty(query["delimiter"].ToString()),
            KeyMarker: NullIfEmpty(query["key-marker"].ToString()),
            UploadIdMarker: NullIfEmpty(query["upload-id-marker"].ToString()),
            MaxUploads: IntQuery(call, "max-uploads", MaxPartsLimit, MaxPartsLimit));
        var listing = await store.ListMultipartUploadsAsync(bucket, request, call.Aborted);
        await WriteAsync(call.Response, Element("ListMultipartUploadsResult",
            Element("Bucket", bucket),
            Element("KeyMarker", encode(request.KeyMarker ?? string.Empty)),
            Element("UploadIdMarker", request.UploadIdMarker ?? string.Empty),
            listing.NextKeyMarker is { } nextKey ? Element("NextKeyMarker", encode(nextKey)) : null,
            listing.NextUploadIdMarker is { } nextUpload ? Element("NextUploadIdMarker", nextUpload) : null,
            Element("Prefix", encode(request.Prefix)),
            request.Delimiter is null ? null : Element("Delimiter", encode(request.Delimiter)),
            Element("MaxUploads", request.MaxUploads),
            Element("IsTruncated", listing.IsTruncated ? "true" : "false"),
            EncodingTypeElement(call),
            listing.Uploads.Select(u => Element("Upload",
                Element("Key", encode(u.Key)),
                Element("UploadId", u.UploadId),
                Owner(),
                Element("StorageClass", "STANDARD"),
                Element("Initiated", Timestamp(u.Initiated)))),
            listing.CommonPrefixes.Select(p => Element("CommonPrefixes", Element("Prefix", encode(p))))));
    }

    private static int PartNumber(ServiceCall call) =>
        int.TryParse(call.Request.Query["partNumber"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 10000
            ? number
            : throw new AwsException("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
}
