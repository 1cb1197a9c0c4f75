using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Objects;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Api.S3;

/// <summary>Turns S3 request headers into what the object store needs: content headers, user metadata, integrity checks.</summary>
public static class S3RequestReader
{
    public const string MetadataPrefix = "x-amz-meta-";

    /// <summary>The content headers S3 stores with an object and returns on GET and HEAD.</summary>
    public static readonly string[] StoredContentHeaders =
        ["Content-Type", "Content-Encoding", "Content-Disposition", "Content-Language", "Cache-Control", "Expires"];

    private static readonly (ChecksumAlgorithm Algorithm, string Header)[] ChecksumHeaders =
    [
        (ChecksumAlgorithm.Crc32, "x-amz-checksum-crc32"),
        (ChecksumAlgorithm.Crc32C, "x-amz-checksum-crc32c"),
        (ChecksumAlgorithm.Sha1, "x-amz-checksum-sha1"),
        (ChecksumAlgorithm.Sha256, "x-amz-checksum-sha256"),
    ];

    public static ObjectWrite ObjectWrite(ServiceCall call) =>
        new(ContentHeaders(call.Request), UserMetadata(call.Request), BodyCheck(call))
        {
            ChecksumAlgorithm = ParseAlgorithm(call.Request.Headers["x-amz-checksum-algorithm"].ToString()),
            Encryption = S3Encryption.Request(call.Request),
        };

    /// <summary>
    /// PutObject's conditional write: <c>If-None-Match: *</c> and <c>If-Match: "etag"</c>, as S3 has taken them since
    /// 2024; any other If-None-Match is NotImplemented, as on S3.
    /// </summary>
    public static WriteCondition? WriteCondition(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        var ifMatch = request.Headers.IfMatch.ToString();
        if (ifNoneMatch.Length == 0 && ifMatch.Length == 0)
        {
            return null;
        }

        if (ifNoneMatch.Length > 0 && ifNoneMatch.Trim() != "*")
        {
            throw new AwsException("NotImplemented", "A header you provided implies functionality that is not implemented", 501)
            {
                Details = new Dictionary<string, string> { ["Header"] = "If-None-Match" },
            };
        }

        return new WriteCondition(ifNoneMatch.Length > 0, ifMatch.Length > 0 ? ifMatch.Trim() : null);
    }

    public static Dictionary<string, string> ContentHeaders(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in StoredContentHeaders)
        {
            var value = request.Headers[name].ToString();
            if (name == "Content-Encoding")
            {
                // aws-chunked describes the transfer, not the object: S3 does not store it.
                value = string.Join(", ", value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Where(v => !v.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
            }

            if (value.Length > 0)
            {
                headers[name] = value;
            }
        }

        headers.TryAdd("Content-Type", "binary/octet-stream");
        return headers;
    }

    public static Dictionary<string, string> UserMetadata(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                metadata[name[MetadataPrefix.Length..].ToLowerInvariant()] = value.ToString();
            }
        }

        return metadata;
    }

    /// <summary>
    /// The integrity checks a body must pass before it is stored: Content-MD5, an <c>x-amz-checksum-*</c> header or
    /// trailer, and the decoded length of an aws-chunked body.
    /// </summary>
    public static BodyCheck BodyCheck(ServiceCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var request = call.Request;
        var contentMd5 = request.Headers.TryGetValue("Content-MD5", out var md5Header) ? ParseContentMd5(md5Header.ToString()) : null;
        var (algorithm, expected) = RequestedChecksum(call);
        var declaredLength = call.Auth.DecodedContentLength;

        return new BodyCheck(algorithm, digests =>
        {
            if (contentMd5 is not null && !CryptographicOperations.FixedTimeEquals(contentMd5, digests.Md5))
            {
                throw new AwsException("BadDigest", "The Content-MD5 you specified did not match what we received.");
            }

            var expectedChecksum = expected();
            if (expectedChecksum is not null && !string.Equals(expectedChecksum, digests.Checksum, StringComparison.Ordinal))
            {
                throw new AwsException("BadDigest", $"The {AlgorithmName(digests.Algorithm)} you specified did not match the calculated checksum.");
            }

            if (declaredLength is long length && length != digests.Length)
            {
                throw new AwsException("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.");
            }
        });
    }

    public static ChecksumAlgorithm? ParseAlgorithm(string value) => value.ToUpperInvariant() switch
    {
        "CRC32" => ChecksumAlgorithm.Crc32,
        "CRC32C" => ChecksumAlgorithm.Crc32C,
        "SHA1" => ChecksumAlgorithm.Sha1,
        "SHA256" => ChecksumAlgorithm.Sha256,
        "" => null,
        _ => throw new AwsException("InvalidRequest", $"Checksum algorithm '{value}' is not supported: use CRC32, CRC32C, SHA1 or SHA256."),
    };

    public static string AlgorithmName(ChecksumAlgorithm? algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "CRC32",
        ChecksumAlgorithm.Crc32C => "CRC32C",
        ChecksumAlgorithm.Sha1 => "SHA1",
        ChecksumAlgorithm.Sha256 => "SHA256",
        _ => "checksum",
    };

    public static string HeaderName(ChecksumAlgorithm algorithm) => ChecksumHeaders.First(h => h.Algorithm == algorithm).Header;

    /// <summary>The algorithm asked for and a way to get the expected value, which a trailer only knows after the body.</summary>
    private static (ChecksumAlgorithm? Algorithm, Func<string?> Expected) RequestedChecksum(ServiceCall call)
    {
        var request = call.Request;
        foreach (var (algorithm, header) in ChecksumHeaders)
        {
            var value = request.Headers[header].ToString();
            if (value.Length > 0)
            {
                return (algorithm, () => value);
            }
        }

        var trailer = request.Headers["x-amz-trailer"].ToString().Trim();
        foreach (var (algorithm, header) in ChecksumHeaders)
        {
            if (trailer.Equals(header, StringComparison.OrdinalIgnoreCase))
            {
                return (algorithm, () => call.Auth.Trailers.TryGetValue(header, out var value)
                    ? value
                    : throw new AwsException("InvalidRequest", $"The request declared trailer {header} but did not send it."));
            }
        }

        return (ParseAlgorithm(request.Headers["x-amz-sdk-checksum-algorithm"].ToString()), () => null);
    }

    /// <summary>A Content-MD5 that is present must be 16 bytes of base64: an empty one is InvalidDigest too, as on S3.</summary>
    private static byte[] ParseContentMd5(string value)
    {
        var bytes = new byte[16];
        return Convert.TryFromBase64String(value, bytes, out var written) && written == 16
            ? bytes
            : throw new AwsException("InvalidDigest", "The Content-MD5 you specified is not valid.");
    }

    /// <summary>A single <c>bytes=</c> range; anything S3 would ignore (several ranges, bad syntax) gives null.</summary>
    public static ByteRange? Range(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Range.ToString();
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        var spec = header["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            return long.TryParse(last, out var suffix) ? new ByteRange(null, null, suffix) : null;
        }

        if (!long.TryParse(first, out var from))
        {
            return null;
        }

        if (last.Length == 0)
        {
            return new ByteRange(from, null);
        }

        return long.TryParse(last, out var to) && to >= from ? new ByteRange(from, to) : null;
    }
}
