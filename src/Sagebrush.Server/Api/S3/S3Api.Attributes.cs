using System.Globalization;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Objects;
using Sagebrush.Server.Edge;
using static Sagebrush.Server.Protocol.RestXml.S3Xml;

namespace Sagebrush.Server.Api.S3;

/// <summary>
/// GetObjectAttributes: the attributes named in <c>x-amz-object-attributes</c> (ETag, Checksum, ObjectParts,
/// StorageClass, ObjectSize), without the body. As on S3 the ETag comes unquoted here, and ObjectParts is given only
/// for an object completed from parts, paged by <c>x-amz-max-parts</c> and <c>x-amz-part-number-marker</c>.
/// </summary>
public sealed partial class S3Api
{
    private static readonly string[] ObjectAttributeNames = ["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"];

    private async Task GetObjectAttributesAsync(ServiceCall call, string bucket, string key)
    {
        var asked = call.Request.Headers["x-amz-object-attributes"].ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (asked.Length == 0 || asked.Any(name => !ObjectAttributeNames.Contains(name, StringComparer.Ordinal)))
        {
            throw new AwsException("InvalidArgument", "Invalid attribute name specified.");
        }

        var maxParts = HeaderInt(call, "x-amz-max-parts", MaxPartsLimit);
        var marker = HeaderInt(call, "x-amz-part-number-marker", 0);
        // An SSE-C object's attributes are answered only to the holder of its key, as S3 answers them.
        _ = await store.HeadObjectAsync(bucket, key, S3Encryption.CustomerKeyOf(call.Request, S3Encryption.ObjectPrefix), call.Aborted);
        var (info, parts) = await store.GetObjectPartsAsync(bucket, key, call.Aborted);
        call.Response.Headers.LastModified = HttpDate(info.LastModified);
        await WriteAsync(call.Response, Element("GetObjectAttributesResponse",
            asked.Contains("ETag") ? Element("ETag", info.ETag) : null,
            asked.Contains("Checksum") && info is { ChecksumAlgorithm: { } algorithm, Checksum: { } checksum }
                ? Element("Checksum", Element("Checksum" + S3RequestReader.AlgorithmName(algorithm), checksum), info.ChecksumType is { } type ? Element("ChecksumType", type) : null)
                : null,
            asked.Contains("ObjectParts") && parts.Count > 0 ? ObjectParts(parts, info.ChecksumAlgorithm, marker, maxParts) : null,
            asked.Contains("StorageClass") ? Element("StorageClass", "STANDARD") : null,
            asked.Contains("ObjectSize") ? Element("ObjectSize", info.Size) : null));
    }

    private static System.Xml.Linq.XElement ObjectParts(IReadOnlyList<ObjectPart> parts, ChecksumAlgorithm? algorithm, int marker, int maxParts)
    {
        var page = parts.Select((part, index) => (Number: index + 1, part.Size, part.Checksum)).Where(part => part.Number > marker).Take(maxParts).ToList();
        var truncated = page.Count > 0 && page[^1].Number < parts.Count;
        return Element("ObjectParts",
            Element("PartsCount", parts.Count),
            Element("PartNumberMarker", marker),
            Element("NextPartNumberMarker", page.Count > 0 ? page[^1].Number : marker),
            Element("MaxParts", maxParts),
            Element("IsTruncated", truncated ? "true" : "false"),
            page.Select(part => Element("Part",
                Element("PartNumber", part.Number),
                Element("Size", part.Size),
                algorithm is { } a && part.Checksum is { } checksum ? Element("Checksum" + S3RequestReader.AlgorithmName(a), checksum) : null)));
    }

    private static int HeaderInt(ServiceCall call, string name, int defaultValue)
    {
        var raw = call.Request.Headers[name].ToString();
        if (raw.Length == 0)
        {
            return defaultValue;
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new AwsException("InvalidArgument", $"Provided {name} not an integer or within integer range.");
    }
}
