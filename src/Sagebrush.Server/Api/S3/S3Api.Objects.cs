using Microsoft.AspNetCore.Http;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Objects;
using Sagebrush.Core.Storage.Objects.Encryption;
using Sagebrush.Server.Edge;
using static Sagebrush.Server.Protocol.RestXml.S3Xml;

namespace Sagebrush.Server.Api.S3;

/// <summary>PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject.</summary>
public sealed partial class S3Api
{
    private const int CopyBufferSize = 128 * 1024;
    private const int MaxDeleteObjectsKeys = 1000;

    private async Task PutObjectAsync(ServiceCall call, string bucket, string key)
    {
        var write = S3RequestReader.ObjectWrite(call) with { Condition = S3RequestReader.WriteCondition(call.Request), Tags = TaggingHeader(call) };
        var info = await store.PutObjectAsync(bucket, key, call.Auth.Body, write, call.Aborted);
        call.Response.Headers.ETag = Quoted(info.ETag);
        WriteChecksumHeaders(call.Response, info);
        S3Encryption.Write(call.Response, info.Encryption);
        call.Response.StatusCode = 200;
    }

    private async Task GetObjectAsync(ServiceCall call, string bucket, string key, bool includeBody)
    {
        var part = PartNumberOf(call.Request);
        S3Encryption.RefuseOnRead(call.Request);
        var customerKey = S3Encryption.CustomerKeyOf(call.Request, S3Encryption.ObjectPrefix);
        if (!includeBody && part is null)
        {
            var head = await store.HeadObjectAsync(bucket, key, customerKey, call.Aborted) ?? throw S3Errors.NoSuchKey(key);
            if (!PreconditionsHold(call, head))
            {
                return;
            }

            WriteObjectHeaders(call, head, ranged: false);
            await WriteTagCountAsync(call, bucket, key);
            call.Response.ContentLength = head.Size;
            call.Response.StatusCode = 200;
            return;
        }

        await using var content = await store.GetObjectAsync(bucket, key, part is { } number ? ByteRange.Part(number) : S3RequestReader.Range(call.Request), customerKey, call.Aborted);
        if (!PreconditionsHold(call, content.Info))
        {
            return;
        }

        WriteObjectHeaders(call, content.Info, ranged: content.Range is not null);
        await WriteTagCountAsync(call, bucket, key);
        call.Response.ContentLength = content.Length;
        if (content.Range is { } range)
        {
            call.Response.Headers.ContentRange = $"bytes {range.First}-{range.Last}/{content.Info.Size}";
            call.Response.StatusCode = 206;
        }
        else
        {
            call.Response.StatusCode = 200;
        }

        if (includeBody)
        {
            await content.Body.CopyToAsync(call.Response.Body, CopyBufferSize, call.Aborted);
        }
    }

    /// <summary>GET/HEAD <c>?partNumber=N</c> (1..10000); S3 refuses it together with a Range header.</summary>
    private static int? PartNumberOf(HttpRequest request)
    {
        if (!request.Query.TryGetValue("partNumber", out var raw))
        {
            return null;
        }

        if (!int.TryParse(raw.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number is < 1 or > 10_000)
        {
            throw new AwsException("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive")
            {
                Details = new Dictionary<string, string> { ["ArgumentName"] = "partNumber", ["ArgumentValue"] = raw.ToString() },
            };
        }

        if (request.Headers.Range.Count > 0)
        {
            throw new AwsException("InvalidRequest", "Cannot specify both Range header and partNumber query parameter");
        }

        return number;
    }

    /// <summary>GET and HEAD tell how many tags the object has (<c>x-amz-tagging-count</c>), when it has any.</summary>
    private async Task WriteTagCountAsync(ServiceCall call, string bucket, string key)
    {
        try
        {
            var tags = await store.GetObjectTaggingAsync(bucket, key, call.Aborted);
            if (tags.Count > 0)
            {
                call.Response.Headers["x-amz-tagging-count"] = tags.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (AwsException gone) when (gone.Code == S3ErrorCodes.NoSuchKey)
        {
            // Deleted since it was opened: the body already open is still served, without a count.
        }
    }

    private static IReadOnlyList<ObjectTag>? TaggingHeader(ServiceCall call) =>
        call.Request.Headers.TryGetValue("x-amz-tagging", out var header) ? ObjectTags.ParseHeader(header.ToString()) : null;

    private async Task GetObjectTaggingAsync(ServiceCall call, string bucket, string key)
    {
        var tags = await store.GetObjectTaggingAsync(bucket, key, call.Aborted);
        await WriteAsync(call.Response, Element("Tagging",
            Element("TagSet", tags.Select(tag => Element("Tag", Element("Key", tag.Key), Element("Value", tag.Value))))));
    }

    private async Task PutObjectTaggingAsync(ServiceCall call, string bucket, string key)
    {
        var document = await ReadAsync(call.Auth.Body, call.Aborted);
        var tagSet = Children(document, "TagSet").SingleOrDefault() ?? throw Malformed();
        var tags = Children(tagSet, "Tag").Select(tag => new ObjectTag(ChildValue(tag, "Key") ?? throw Malformed(), ChildValue(tag, "Value") ?? "")).ToList();
        await store.PutObjectTaggingAsync(bucket, key, tags, call.Aborted);
        call.Response.StatusCode = 200;
    }

    private async Task DeleteObjectTaggingAsync(ServiceCall call, string bucket, string key)
    {
        await store.PutObjectTaggingAsync(bucket, key, [], call.Aborted);
        call.Response.StatusCode = 204;
    }

    private async Task DeleteObjectAsync(ServiceCall call, string bucket, string key)
    {
        await store.DeleteObjectAsync(bucket, key, call.Aborted);
        call.Response.StatusCode = 204;
    }

    private async Task DeleteObjectsAsync(ServiceCall call, string bucket)
    {
        var document = await ReadAsync(call.Auth.Body, call.Aborted);
        var quiet = string.Equals(ChildValue(document, "Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var keys = Children(document, "Object").Select(o => ChildValue(o, "Key") ?? throw Malformed()).ToList();
        if (keys.Count is 0 or > MaxDeleteObjectsKeys)
        {
            throw Malformed();
        }

        _ = await store.GetBucketAsync(bucket, call.Aborted) ?? throw S3Errors.NoSuchBucket(bucket);
        var results = new List<System.Xml.Linq.XElement>();
        foreach (var key in keys)
        {
            try
            {
                await store.DeleteObjectAsync(bucket, key, call.Aborted);
                if (!quiet)
                {
                    results.Add(Element("Deleted", Element("Key", key)));
                }
            }
            catch (AwsException error)
            {
                results.Add(Element("Error", Element("Key", key), Element("Code", error.Code), Element("Message", error.Message)));
            }
        }

        await WriteAsync(call.Response, Element("DeleteResult", results));
    }

    private async Task CopyObjectAsync(ServiceCall call, string bucket, string key)
    {
        var (sourceBucket, sourceKey) = CopySource(call.Request.Headers["x-amz-copy-source"].ToString());
        var directive = call.Request.Headers["x-amz-metadata-directive"].ToString();
        ObjectWrite? replacement = directive.ToUpperInvariant() switch
        {
            "" or "COPY" => null,
            "REPLACE" => new ObjectWrite(S3RequestReader.ContentHeaders(call.Request), S3RequestReader.UserMetadata(call.Request), BodyCheck.None),
            _ => throw new AwsException("InvalidArgument", $"Unknown metadata directive '{directive}': use COPY or REPLACE."),
        };

        await call.Auth.Body.CopyToAsync(Stream.Null, call.Aborted);
        var encryption = new CopyEncryption(S3Encryption.CustomerKeyOf(call.Request, S3Encryption.CopySourcePrefix), S3Encryption.Request(call.Request));
        if (CopySourceConditions.Any(call.Request.Headers.ContainsKey))
        {
            CheckCopySource(call, await store.HeadObjectAsync(sourceBucket, sourceKey, encryption.SourceKey, call.Aborted) ?? throw S3Errors.NoSuchKey(sourceKey));
        }

        var tags = call.Request.Headers["x-amz-tagging-directive"].ToString().ToUpperInvariant() switch
        {
            "" or "COPY" => null,
            "REPLACE" => TaggingHeader(call) ?? [],
            var other => throw new AwsException("InvalidArgument", $"Unknown tagging directive '{other}': use COPY or REPLACE."),
        };
        var info = await store.CopyObjectAsync(sourceBucket, sourceKey, bucket, key, replacement, tags, encryption, call.Aborted);
        S3Encryption.Write(call.Response, info.Encryption);
        await WriteAsync(call.Response, Element("CopyObjectResult",
            Element("LastModified", Timestamp(info.LastModified)),
            Element("ETag", Quoted(info.ETag))));
    }

    /// <summary>
    /// Versioning is never enabled here, so every object has the one version S3 calls "null": <c>versionId=null</c>
    /// names the current object, and any other version id is S3's InvalidArgument rather than silently the current one.
    /// </summary>
    internal static void RequireNullVersion(string? versionId)
    {
        if (versionId is not null && versionId != "null")
        {
            throw new AwsException("InvalidArgument", "Invalid version id specified")
            {
                Details = new Dictionary<string, string> { ["ArgumentName"] = "versionId", ["ArgumentValue"] = versionId },
            };
        }
    }

    /// <summary><c>x-amz-copy-source</c> is <c>[/]bucket/key[?versionId=...]</c>, URL-encoded.</summary>
    private static (string Bucket, string Key) CopySource(string header)
    {
        var source = header;
        var query = source.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            RequireNullVersion(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(source[query..]).TryGetValue("versionId", out var version) ? version.ToString() : null);
            source = source[..query];
        }

        source = Uri.UnescapeDataString(source).TrimStart('/');
        var slash = source.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < source.Length - 1
            ? (source[..slash], source[(slash + 1)..])
            : throw new AwsException("InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
    }

    /// <summary>
    /// A stored value as a response header may carry it: S3 answers a value with characters outside US-ASCII in RFC 2047
    /// form (<c>=?UTF-8?B?...?=</c>), which HTTP allows and the SDKs decode; written raw, HTTP servers refuse it (a 500).
    /// </summary>
    internal static string MailSafe(string value) =>
        value.All(c => c is >= ' ' and <= '~' or '\t')
            ? value
            : "=?UTF-8?B?" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value)) + "?=";

    private static readonly (string Parameter, string Header)[] ResponseOverrides =
    [
        ("response-content-type", "Content-Type"),
        ("response-content-language", "Content-Language"),
        ("response-expires", "Expires"),
        ("response-cache-control", "Cache-Control"),
        ("response-content-disposition", "Content-Disposition"),
        ("response-content-encoding", "Content-Encoding"),
    ];

    private static void WriteObjectHeaders(ServiceCall call, ObjectInfo info, bool ranged)
    {
        var headers = call.Response.Headers;
        headers.ETag = Quoted(info.ETag);
        headers.LastModified = HttpDate(info.LastModified);
        S3Encryption.Write(call.Response, info.Encryption);
        headers.AcceptRanges = "bytes";
        foreach (var (name, value) in info.Headers)
        {
            headers[name] = MailSafe(value);
        }

        foreach (var (name, value) in info.Metadata)
        {
            headers[S3RequestReader.MetadataPrefix + name] = MailSafe(value);
        }

        if (info.PartsCount is int parts)
        {
            headers["x-amz-mp-parts-count"] = parts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // GetObject's response-* parameters override the stored headers for this answer only (a presigned download
        // that should save as a file, or be shown as text), as S3 does for signed requests.
        foreach (var (parameter, header) in ResponseOverrides)
        {
            if (call.Request.Query.TryGetValue(parameter, out var value))
            {
                headers[header] = MailSafe(value.ToString());
            }
        }

        // A checksum describes the whole object, so a ranged read does not carry it; S3 sends it only when asked.
        var asked = string.Equals(call.Request.Headers["x-amz-checksum-mode"], "ENABLED", StringComparison.OrdinalIgnoreCase);
        if (asked && !ranged)
        {
            WriteChecksumHeaders(call.Response, info);
        }
    }

    private static void WriteChecksumHeaders(HttpResponse response, ObjectInfo info)
    {
        if (info is { ChecksumAlgorithm: { } algorithm, Checksum: { } checksum })
        {
            response.Headers[S3RequestReader.HeaderName(algorithm)] = checksum;
            if (info.ChecksumType is { } type)
            {
                response.Headers["x-amz-checksum-type"] = type;
            }
        }
    }

    private static readonly string[] CopySourceConditions =
    [
        "x-amz-copy-source-if-match", "x-amz-copy-source-if-none-match", "x-amz-copy-source-if-unmodified-since", "x-amz-copy-source-if-modified-since",
    ];

    /// <summary>
    /// CopyObject's conditions on its source, as S3 documents them: every failure is 412; a matching if-match wins over
    /// a failing if-unmodified-since, and a failing if-none-match fails whatever if-modified-since says.
    /// </summary>
    private static void CheckCopySource(ServiceCall call, ObjectInfo source)
    {
        var headers = call.Request.Headers;
        var etag = Quoted(source.ETag);
        var modified = WholeSeconds(source.LastModified);
        if (headers["x-amz-copy-source-if-match"].ToString() is { Length: > 0 } ifMatch)
        {
            if (!EtagListMatches(ifMatch, etag))
            {
                throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Match");
            }
        }
        else if (ParseHttpDate(headers["x-amz-copy-source-if-unmodified-since"]) is { } unmodifiedSince && modified > unmodifiedSince)
        {
            throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Unmodified-Since");
        }

        if (headers["x-amz-copy-source-if-none-match"].ToString() is { Length: > 0 } ifNoneMatch)
        {
            if (EtagListMatches(ifNoneMatch, etag))
            {
                throw S3Errors.PreconditionFailed("x-amz-copy-source-If-None-Match");
            }
        }
        else if (ParseHttpDate(headers["x-amz-copy-source-if-modified-since"]) is { } modifiedSince && modified <= modifiedSince)
        {
            throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Modified-Since");
        }
    }

    private static DateTimeOffset? ParseHttpDate(Microsoft.Extensions.Primitives.StringValues value) =>
        Microsoft.Net.Http.Headers.HeaderUtilities.TryParseDate(value.ToString(), out var date) ? date : null;

    /// <summary>HTTP dates have whole seconds: an object's time is compared at that precision.</summary>
    private static DateTimeOffset WholeSeconds(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond));
    }

    /// <summary>HTTP conditional GET as S3 applies it: 412 for failed If-Match / If-Unmodified-Since, 304 for the others.</summary>
    private static bool PreconditionsHold(ServiceCall call, ObjectInfo info)
    {
        var headers = call.Request.GetTypedHeaders();
        var etag = Quoted(info.ETag);
        var modified = WholeSeconds(info.LastModified);

        var ifMatch = call.Request.Headers.IfMatch.ToString();
        var preconditionFailed = ifMatch.Length > 0
            ? !EtagListMatches(ifMatch, etag)
            : headers.IfUnmodifiedSince is { } unmodifiedSince && modified > unmodifiedSince;
        if (preconditionFailed)
        {
            throw S3Errors.PreconditionFailed(ifMatch.Length > 0 ? "If-Match" : "If-Unmodified-Since");
        }

        var ifNoneMatch = call.Request.Headers.IfNoneMatch.ToString();
        var notModified = ifNoneMatch.Length > 0
            ? EtagListMatches(ifNoneMatch, etag)
            : headers.IfModifiedSince is { } modifiedSince && modified <= modifiedSince;
        if (notModified)
        {
            call.Response.Headers.ETag = etag;
            call.Response.StatusCode = 304;
            return false;
        }

        return true;
    }

    private static bool EtagListMatches(string list, string etag) =>
        list.Split(',', StringSplitOptions.TrimEntries).Any(candidate => candidate == "*" || candidate == etag || $"\"{candidate}\"" == etag);
}
