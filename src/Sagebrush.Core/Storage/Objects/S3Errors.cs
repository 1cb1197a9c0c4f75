using Sagebrush.Core.Common;

namespace Sagebrush.Core.Storage.Objects;

/// <summary>The exceptions the store throws, with S3's messages, statuses and extra fields.</summary>
public static class S3Errors
{
    public const long MinimumPartSize = 5L * 1024 * 1024;

    public static AwsException NoSuchBucket(string bucket) =>
        new(S3ErrorCodes.NoSuchBucket, "The specified bucket does not exist", 404) { Details = Detail("BucketName", bucket) };

    public static AwsException NoSuchKey(string key) =>
        new(S3ErrorCodes.NoSuchKey, "The specified key does not exist.", 404) { Details = Detail("Key", key) };

    /// <summary>A condition (If-Match, If-None-Match, x-amz-copy-source-if-*) that did not hold; <paramref name="condition"/> names it.</summary>
    public static AwsException PreconditionFailed(string condition) =>
        new("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412) { Details = Detail("Condition", condition) };

    public static AwsException BucketAlreadyOwnedByYou(string bucket) =>
        new(S3ErrorCodes.BucketAlreadyOwnedByYou, "Your previous request to create the named bucket succeeded and you already own it.", 409)
        {
            Details = Detail("BucketName", bucket),
        };

    public static AwsException BucketNotEmpty(string bucket) =>
        new(S3ErrorCodes.BucketNotEmpty, "The bucket you tried to delete is not empty", 409) { Details = Detail("BucketName", bucket) };

    public static AwsException InvalidBucketName(string bucket) =>
        new(S3ErrorCodes.InvalidBucketName, "The specified bucket is not valid.", 400) { Details = Detail("BucketName", bucket) };

    public static AwsException KeyTooLong(int size) =>
        new(S3ErrorCodes.KeyTooLongError, "Your key is too long", 400)
        {
            Details = new Dictionary<string, string> { ["MaxSizeAllowed"] = "1024", ["Size"] = Invariant(size) },
        };

    public static AwsException NoSuchUpload(string uploadId) =>
        new(S3ErrorCodes.NoSuchUpload, "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", 404)
        {
            Details = Detail("UploadId", uploadId),
        };

    public static AwsException InvalidPart(string uploadId, int partNumber, string etag) =>
        new(S3ErrorCodes.InvalidPart, "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", 400)
        {
            Details = new Dictionary<string, string> { ["UploadId"] = uploadId, ["PartNumber"] = Invariant(partNumber), ["ETag"] = etag },
        };

    public static AwsException InvalidPartOrder(string uploadId) =>
        new(S3ErrorCodes.InvalidPartOrder, "The list of parts was not in ascending order. Parts must be ordered by part number.", 400)
        {
            Details = Detail("UploadId", uploadId),
        };

    public static AwsException EntityTooSmall(int partNumber, string etag, long proposedSize) =>
        new(S3ErrorCodes.EntityTooSmall, "Your proposed upload is smaller than the minimum allowed size", 400)
        {
            Details = new Dictionary<string, string>
            {
                ["PartNumber"] = Invariant(partNumber),
                ["ETag"] = etag,
                ["ProposedSize"] = Invariant(proposedSize),
                ["MinSizeAllowed"] = Invariant(MinimumPartSize),
            },
        };

    public static AwsException InvalidPartNumber(int partNumber) =>
        new(S3ErrorCodes.InvalidArgument, "Part number must be an integer between 1 and 10000, inclusive", 400)
        {
            Details = new Dictionary<string, string> { ["ArgumentName"] = "partNumber", ["ArgumentValue"] = Invariant(partNumber) },
        };

    /// <summary>
    /// GET or HEAD with a partNumber beyond the object's parts: S3 answers 400 InvalidPart, as the public conformance suite
    /// (ceph/s3-tests) and others' measurements of S3 have it; AWS's error table also lists 416 InvalidPartNumber.
    /// </summary>
    public static AwsException PartNotSatisfiable() =>
        new(S3ErrorCodes.InvalidPart, "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", 400);

    public static AwsException InvalidRange(long objectSize) =>
        new(S3ErrorCodes.InvalidRange, "The requested range is not satisfiable", 416)
        {
            Details = new Dictionary<string, string> { ["ActualObjectSize"] = Invariant(objectSize) },
        };

    public static AwsException CopyOntoItself() =>
        new(S3ErrorCodes.InvalidRequest, "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.", 400);

    public static AwsException NoPartsGiven() =>
        new(S3ErrorCodes.MalformedXml, "The XML you provided was not well-formed or did not validate against our published schema", 400);

    private static Dictionary<string, string> Detail(string name, string value) => new() { [name] = value };

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
