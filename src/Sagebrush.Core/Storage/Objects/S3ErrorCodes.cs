namespace Sagebrush.Core.Storage.Objects;

/// <summary>S3's wire error codes, kept in one place so the store and the protocol layer agree on spelling.</summary>
public static class S3ErrorCodes
{
    public const string NoSuchBucket = "NoSuchBucket";
    public const string NoSuchKey = "NoSuchKey";
    public const string BucketAlreadyOwnedByYou = "BucketAlreadyOwnedByYou";
    public const string BucketNotEmpty = "BucketNotEmpty";
    public const string InvalidBucketName = "InvalidBucketName";
    public const string KeyTooLongError = "KeyTooLongError";
    public const string NoSuchUpload = "NoSuchUpload";
    public const string InvalidPart = "InvalidPart";
    public const string InvalidPartOrder = "InvalidPartOrder";
    public const string EntityTooSmall = "EntityTooSmall";
    public const string InvalidArgument = "InvalidArgument";
    public const string InvalidRange = "InvalidRange";
    public const string InvalidRequest = "InvalidRequest";
    public const string MalformedXml = "MalformedXML";
}
