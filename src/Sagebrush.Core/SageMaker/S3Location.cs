namespace Sagebrush.Core.SageMaker;

/// <summary>An <c>s3://bucket/key-or-prefix</c> URI split into its bucket and key: the one every resource family uses (training channels and output, model data, data capture, checkpoints).</summary>
public readonly record struct S3Location(string Bucket, string Key)
{
    public static bool TryParse(string? uri, out S3Location location)
    {
        location = default;
        if (uri is null || !uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = uri[5..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length == 0)
        {
            return false;
        }

        location = new S3Location(bucket, slash < 0 ? "" : rest[(slash + 1)..]);
        return true;
    }

    public static S3Location Parse(string uri) =>
        TryParse(uri, out var location) ? location : throw new InvalidDataException($"\"{uri}\" is not an s3:// URI.");

    /// <summary>The key as a folder prefix: empty, or ending with one slash.</summary>
    public string FolderPrefix => Key.Length == 0 || Key.EndsWith('/') ? Key : Key + "/";

    /// <summary>The key as a prefix without leading or trailing slashes (data capture's DestinationS3Uri).</summary>
    public string TrimmedPrefix => Key.Trim('/');

    /// <summary>A key under this location taken as a folder.</summary>
    public S3Location Child(string relative) => new(Bucket, FolderPrefix + relative);

    public override string ToString() => $"s3://{Bucket}/{Key}";
}
