using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.S3;

/// <summary>S3 through Debian's boto3, as a Python user's code calls it.</summary>
public sealed class Boto3S3Tests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private readonly Boto3 boto3 = new(server);

    [Fact]
    public async Task PutGetHeadKeepBodyContentTypeAndUserMetadata()
    {
        (await boto3.RunAsync("""
            s3.create_bucket(Bucket="objects")
            s3.put_object(Bucket="objects", Key="notes/é ü+ space.txt", Body=b"hello sagebrush", ContentType="text/plain",
                          Metadata={"Owner": "team-a", "purpose": "test"}, ContentMD5="5HO0u/PgTtNngvoQVtKIPQ==")
            got = s3.get_object(Bucket="objects", Key="notes/é ü+ space.txt")
            assert got["Body"].read() == b"hello sagebrush"
            assert got["ContentType"] == "text/plain", got["ContentType"]
            assert got["Metadata"] == {"owner": "team-a", "purpose": "test"}, got["Metadata"]
            assert got["ETag"] == '"e473b4bbf3e04ed36782fa1056d2883d"', got["ETag"]
            head = s3.head_object(Bucket="objects", Key="notes/é ü+ space.txt")
            assert head["ContentLength"] == 15
            part = s3.get_object(Bucket="objects", Key="notes/é ü+ space.txt", Range="bytes=6-9")
            assert part["Body"].read() == b"sage" and part["ContentRange"] == "bytes 6-9/15", part["ContentRange"]
            try:
                s3.get_object(Bucket="objects", Key="missing")
                raise AssertionError("expected NoSuchKey")
            except s3.exceptions.NoSuchKey:
                pass
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task WrongContentMd5IsBadDigestAndStoresNothing()
    {
        (await boto3.RunAsync("""
            s3.create_bucket(Bucket="digests")
            s3.put_object(Bucket="digests", Key="k", Body=b"original")
            try:
                s3.put_object(Bucket="digests", Key="k", Body=b"replacement", ContentMD5="5HO0u/PgTtNngvoQVtKIPQ==")
                raise AssertionError("expected BadDigest")
            except botocore.exceptions.ClientError as e:
                assert e.response["Error"]["Code"] == "BadDigest", e.response
            assert s3.get_object(Bucket="digests", Key="k")["Body"].read() == b"original"
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task ChecksumHeadersAreVerifiedAndAWrongOneIsBadDigest()
    {
        (await boto3.RunAsync("""
            import base64, zlib
            def crc32c(data):
                crc = 0xFFFFFFFF
                for byte in data:
                    crc ^= byte
                    for _ in range(8):
                        crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
                return crc ^ 0xFFFFFFFF
            b64 = lambda n: base64.b64encode(n.to_bytes(4, "big")).decode()
            body = b"checksummed body " * 100
            s3.create_bucket(Bucket="checksums")
            s3.put_object(Bucket="checksums", Key="c", Body=body, ChecksumCRC32C=b64(crc32c(body)))
            s3.put_object(Bucket="checksums", Key="z", Body=body, ChecksumCRC32=b64(zlib.crc32(body)))
            head = s3.head_object(Bucket="checksums", Key="c", ChecksumMode="ENABLED")
            assert head["ChecksumCRC32C"] == b64(crc32c(body)), head
            for name, wrong in (("ChecksumCRC32C", b64(crc32c(b"other"))), ("ChecksumCRC32", b64(zlib.crc32(b"other")))):
                try:
                    s3.put_object(Bucket="checksums", Key="c", Body=b"replacement", **{name: wrong})
                    raise AssertionError("expected BadDigest for " + name)
                except botocore.exceptions.ClientError as e:
                    assert e.response["Error"]["Code"] == "BadDigest", e.response
            assert s3.get_object(Bucket="checksums", Key="c")["Body"].read() == body
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task ListObjectsV2PagesWithContinuationTokensAndV1WithMarkers()
    {
        (await boto3.RunAsync("""
            s3.create_bucket(Bucket="pages")
            keys = sorted([f"logs/{d}/{i:03}.txt" for d in ("2026-01", "2026-02") for i in range(7)] + ["logs/readme", "other/x"])
            for k in keys:
                s3.put_object(Bucket="pages", Key=k, Body=k.encode())
            seen, token = [], None
            while True:
                kw = {"ContinuationToken": token} if token else {}
                page = s3.list_objects_v2(Bucket="pages", Prefix="logs/", MaxKeys=4, **kw)
                seen += [o["Key"] for o in page.get("Contents", [])]
                if not page["IsTruncated"]:
                    break
                token = page["NextContinuationToken"]
            assert seen == [k for k in keys if k.startswith("logs/")], seen
            folders = s3.list_objects_v2(Bucket="pages", Prefix="logs/", Delimiter="/")
            assert [p["Prefix"] for p in folders["CommonPrefixes"]] == ["logs/2026-01/", "logs/2026-02/"], folders
            assert [o["Key"] for o in folders["Contents"]] == ["logs/readme"]
            after = s3.list_objects_v2(Bucket="pages", StartAfter="logs/2026-02/005.txt")
            assert [o["Key"] for o in after["Contents"]] == ["logs/2026-02/006.txt", "logs/readme", "other/x"], after
            v1 = [o["Key"] for page in s3.get_paginator("list_objects").paginate(Bucket="pages", PaginationConfig={"PageSize": 5}) for o in page["Contents"]]
            assert v1 == keys, v1
            s3.put_object(Bucket="pages", Key="other/a b+c~é", Body=b"")
            encoded = s3.list_objects_v2(Bucket="pages", Prefix="other", EncodingType="url")
            assert [o["Key"] for o in encoded["Contents"]] == ["other/a+b%2Bc%7E%C3%A9", "other/x"], encoded["Contents"]
            assert [o["Key"] for o in s3.list_objects_v2(Bucket="pages", Prefix="other/a")["Contents"]] == ["other/a b+c~é"]
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task CopyAndDeleteObjectsBehaveAsS3()
    {
        (await boto3.RunAsync("""
            s3.create_bucket(Bucket="source")
            s3.create_bucket(Bucket="target")
            s3.put_object(Bucket="source", Key="a.txt", Body=b"alpha", Metadata={"k": "v"})
            s3.copy_object(Bucket="target", Key="copied.txt", CopySource={"Bucket": "source", "Key": "a.txt"})
            copied = s3.get_object(Bucket="target", Key="copied.txt")
            assert copied["Body"].read() == b"alpha" and copied["Metadata"] == {"k": "v"}
            s3.copy_object(Bucket="target", Key="replaced.txt", CopySource="source/a.txt", MetadataDirective="REPLACE",
                           Metadata={"new": "1"}, ContentType="text/csv")
            replaced = s3.head_object(Bucket="target", Key="replaced.txt")
            assert replaced["Metadata"] == {"new": "1"} and replaced["ContentType"] == "text/csv", replaced
            for i in range(5):
                s3.put_object(Bucket="source", Key=f"bulk/{i}", Body=b"x")
            result = s3.delete_objects(Bucket="source", Delete={"Objects": [{"Key": f"bulk/{i}"} for i in range(5)] + [{"Key": "never-existed"}]})
            assert sorted(d["Key"] for d in result["Deleted"]) == sorted([f"bulk/{i}" for i in range(5)] + ["never-existed"]), result
            assert "Contents" not in s3.list_objects_v2(Bucket="source", Prefix="bulk/")
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task MultipartUploadCompletesListsAndAborts()
    {
        (await boto3.RunAsync("""
            import hashlib
            s3.create_bucket(Bucket="multi")
            upload = s3.create_multipart_upload(Bucket="multi", Key="big.bin", ContentType="application/x-test")
            uid = upload["UploadId"]
            parts, md5s = [], b""
            for n, size in ((1, 5 * 1024 * 1024), (2, 5 * 1024 * 1024), (3, 1234)):
                body = bytes([n]) * size
                md5s += hashlib.md5(body).digest()
                r = s3.upload_part(Bucket="multi", Key="big.bin", UploadId=uid, PartNumber=n, Body=body)
                parts.append({"PartNumber": n, "ETag": r["ETag"]})
            listed = s3.list_parts(Bucket="multi", Key="big.bin", UploadId=uid)
            assert [p["PartNumber"] for p in listed["Parts"]] == [1, 2, 3]
            assert [u["UploadId"] for u in s3.list_multipart_uploads(Bucket="multi")["Uploads"]] == [uid]
            done = s3.complete_multipart_upload(Bucket="multi", Key="big.bin", UploadId=uid, MultipartUpload={"Parts": parts})
            assert done["ETag"] == '"%s-3"' % hashlib.md5(md5s).hexdigest(), done["ETag"]
            body = s3.get_object(Bucket="multi", Key="big.bin")["Body"].read()
            assert body == bytes([1]) * (5 * 1024 * 1024) + bytes([2]) * (5 * 1024 * 1024) + bytes([3]) * 1234
            assert s3.head_object(Bucket="multi", Key="big.bin")["ContentType"] == "application/x-test"
            aborted = s3.create_multipart_upload(Bucket="multi", Key="gone.bin")["UploadId"]
            s3.upload_part(Bucket="multi", Key="gone.bin", UploadId=aborted, PartNumber=1, Body=b"abc")
            s3.abort_multipart_upload(Bucket="multi", Key="gone.bin", UploadId=aborted)
            assert "Uploads" not in s3.list_multipart_uploads(Bucket="multi")
            try:
                s3.list_parts(Bucket="multi", Key="gone.bin", UploadId=aborted)
                raise AssertionError("expected NoSuchUpload")
            except botocore.exceptions.ClientError as e:
                assert e.response["Error"]["Code"] == "NoSuchUpload", e.response
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task PresignedPutAndGetWorkWithPlainHttp()
    {
        (await boto3.RunAsync("""
            import urllib.request
            s3.create_bucket(Bucket="presign")
            put_url = s3.generate_presigned_url("put_object", Params={"Bucket": "presign", "Key": "up.txt"}, ExpiresIn=60)
            urllib.request.urlopen(urllib.request.Request(put_url, data=b"uploaded", method="PUT")).read()
            get_url = s3.generate_presigned_url("get_object", Params={"Bucket": "presign", "Key": "up.txt"}, ExpiresIn=60)
            assert urllib.request.urlopen(get_url).read() == b"uploaded"
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task GetObjectsResponseParametersOverrideTheStoredHeadersForThatAnswerOnly()
    {
        (await boto3.RunAsync("""
            import urllib.request
            s3.create_bucket(Bucket="overrides")
            s3.put_object(Bucket="overrides", Key="report.csv", Body=b"a,b", ContentType="text/csv", CacheControl="max-age=60")
            got = s3.get_object(Bucket="overrides", Key="report.csv", ResponseContentType="application/octet-stream",
                ResponseContentDisposition='attachment; filename="report.csv"', ResponseCacheControl="no-cache",
                ResponseContentLanguage="en", ResponseContentEncoding="identity")
            assert got["ContentType"] == "application/octet-stream", got
            assert got["ContentDisposition"] == 'attachment; filename="report.csv"' and got["CacheControl"] == "no-cache", got
            assert got["ContentLanguage"] == "en" and got["ContentEncoding"] == "identity", got
            assert got["Body"].read() == b"a,b"
            # A presigned download carries them too; the object itself is unchanged.
            url = s3.generate_presigned_url("get_object", Params={"Bucket": "overrides", "Key": "report.csv", "ResponseContentType": "text/plain"}, ExpiresIn=60)
            with urllib.request.urlopen(url) as r:
                assert r.headers["Content-Type"] == "text/plain", dict(r.headers)
            head = s3.head_object(Bucket="overrides", Key="report.csv")
            assert head["ContentType"] == "text/csv" and head["CacheControl"] == "max-age=60", head
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task APresignedPutRefusesAmzHeadersItsSignerDidNotSign()
    {
        (await boto3.RunAsync("""
            import urllib.request, urllib.error
            s3.create_bucket(Bucket="presign-hdr")
            s3.put_object(Bucket="presign-hdr", Key="secret.txt", Body=b"top secret")
            put_url = s3.generate_presigned_url("put_object", Params={"Bucket": "presign-hdr", "Key": "copy.txt"}, ExpiresIn=60)
            for extra in ({"x-amz-copy-source": "/presign-hdr/secret.txt"}, {"x-amz-meta-owner": "mallory"}, {"x-amz-acl": "public-read"}):
                try:
                    urllib.request.urlopen(urllib.request.Request(put_url, data=b"", method="PUT", headers=extra)).read()
                    raise AssertionError(f"accepted {extra}")
                except urllib.error.HTTPError as e:
                    body = e.read().decode()
                    assert e.code == 403 and "<Code>AccessDenied</Code>" in body, (e.code, body)
                    assert f"<HeadersNotSigned>{list(extra)[0]}</HeadersNotSigned>" in body, body
            try:
                s3.head_object(Bucket="presign-hdr", Key="copy.txt")
                raise AssertionError("the object was written")
            except botocore.exceptions.ClientError as e:
                assert e.response["Error"]["Code"] == "404", e.response
            # Content-Type is not an x-amz-* header: a presigned PUT may carry one it did not sign, as on S3.
            urllib.request.urlopen(urllib.request.Request(put_url, data=b"ok", method="PUT", headers={"Content-Type": "text/plain"})).read()
            assert s3.get_object(Bucket="presign-hdr", Key="copy.txt")["Body"].read() == b"ok"
            """)).EnsureSuccess();
    }
}
