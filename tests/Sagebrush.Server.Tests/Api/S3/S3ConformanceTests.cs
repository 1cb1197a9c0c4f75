using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.S3;

/// <summary>Cases a public S3 conformance suite found, replayed with boto3: each answers as S3 does, or says it is not implemented.</summary>
public sealed class S3ConformanceTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private readonly Boto3 boto3 = new(server);

    [Fact]
    public async Task MetadataOutsideUsAsciiIsStoredAndReadBackInRfc2047Form() => (await boto3.RunAsync("""
        ensure_bucket("conformance")
        # boto3 refuses such metadata itself; the suite sends it signed by hand, as latin-1 bytes on the wire.
        from botocore.auth import S3SigV4Auth
        from botocore.awsrequest import AWSRequest
        import urllib.request
        url = endpoint + "/conformance/accented"
        request = AWSRequest(method="PUT", url=url, data=b"x", headers={"x-amz-meta-greeting": "Hello World\xe9", "x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
        S3SigV4Auth(boto3.Session().get_credentials(), "s3", "us-east-1").add_auth(request)
        with urllib.request.urlopen(urllib.request.Request(url, data=b"x", headers=dict(request.headers), method="PUT")) as answer:
            assert answer.status == 200, answer.status
        head = s3.head_object(Bucket="conformance", Key="accented")
        value = head["ResponseMetadata"]["HTTPHeaders"]["x-amz-meta-greeting"]
        assert value.startswith("=?UTF-8?B?") and value.endswith("?="), value
        import base64, email.header
        decoded = str(email.header.make_header(email.header.decode_header(value)))
        assert decoded == "Hello World\xe9", decoded
        assert s3.get_object(Bucket="conformance", Key="accented")["Body"].read() == b"x"
        """)).EnsureSuccess();

    [Fact]
    public async Task AnUnreadablePrefixComesBackAsGivenFromBothListings() => (await boto3.RunAsync("""
        ensure_bucket("unreadable-prefix")
        s3.put_object(Bucket="unreadable-prefix", Key="\nkey", Body=b"x")
        # boto3 asks for encoding-type=url and decodes what each listing encodes: v1's Prefix is not among them.
        v1 = s3.list_objects(Bucket="unreadable-prefix", Prefix="\n")
        assert v1["Prefix"] == "\n" and [o["Key"] for o in v1["Contents"]] == ["\nkey"], v1
        v2 = s3.list_objects_v2(Bucket="unreadable-prefix", Prefix="\n")
        assert v2["Prefix"] == "\n" and [o["Key"] for o in v2["Contents"]] == ["\nkey"], v2
        """)).EnsureSuccess();

    [Fact]
    public async Task PutBucketVersioningIsNotImplementedRatherThanACreateBucket() => (await boto3.RunAsync("""
        ensure_bucket("versioned")
        try:
            s3.put_bucket_versioning(Bucket="versioned", VersioningConfiguration={"Status": "Enabled"})
            raise AssertionError("PutBucketVersioning answered 2xx")
        except botocore.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "NotImplemented" and e.response["ResponseMetadata"]["HTTPStatusCode"] == 501, e.response
            assert "versioning" in e.response["Error"]["Message"], e.response
        assert s3.get_bucket_versioning(Bucket="versioned").get("Status") is None
        """)).EnsureSuccess();

    /// <summary>A request signed by hand (headers and query parameters this boto3 predates), answered as (status, headers, body).</summary>
    private const string Signed = """
        def signed(method, path, headers=None, data=b""):
            from botocore.auth import S3SigV4Auth
            from botocore.awsrequest import AWSRequest
            import urllib.request, urllib.error
            url = endpoint + path
            request = AWSRequest(method=method, url=url, data=data, headers=dict(headers or {}, **{"x-amz-content-sha256": "UNSIGNED-PAYLOAD"}))
            S3SigV4Auth(boto3.Session().get_credentials(), "s3", "us-east-1").add_auth(request)
            try:
                with urllib.request.urlopen(urllib.request.Request(url, data=data if method in ("PUT", "POST") else None, headers=dict(request.headers), method=method)) as answer:
                    return answer.status, dict(answer.headers), answer.read()
            except urllib.error.HTTPError as e:
                return e.code, dict(e.headers), e.read()

        def code_of(body):
            import re
            found = re.search(rb"<Code>([^<]*)</Code>", body)
            return found.group(1).decode() if found else None

        """;

    [Fact]
    public async Task ConditionalWritesRefuseOverwritesAndStaleETagsAndOneOfTwoRacersWins() => (await boto3.RunAsync(Signed + """
        ensure_bucket("conditional")
        status, _, _ = signed("PUT", "/conditional/first", {"If-None-Match": "*"}, b"one")
        assert status == 200, status
        status, _, body = signed("PUT", "/conditional/first", {"If-None-Match": "*"}, b"two")
        assert (status, code_of(body)) == (412, "PreconditionFailed"), (status, body)
        assert s3.get_object(Bucket="conditional", Key="first")["Body"].read() == b"one"

        etag = s3.head_object(Bucket="conditional", Key="first")["ETag"]
        status, _, body = signed("PUT", "/conditional/first", {"If-Match": '"0123456789abcdef0123456789abcdef"'}, b"stale")
        assert (status, code_of(body)) == (412, "PreconditionFailed"), (status, body)
        status, _, _ = signed("PUT", "/conditional/first", {"If-Match": etag}, b"fresh")
        assert status == 200, status
        assert s3.get_object(Bucket="conditional", Key="first")["Body"].read() == b"fresh"
        status, _, body = signed("PUT", "/conditional/missing", {"If-Match": etag}, b"x")
        assert (status, code_of(body)) == (404, "NoSuchKey"), (status, body)
        status, _, body = signed("PUT", "/conditional/first", {"If-None-Match": etag}, b"x")
        assert (status, code_of(body)) == (501, "NotImplemented"), (status, body)

        import threading
        results = []
        def racer(body):
            results.append(signed("PUT", "/conditional/raced", {"If-None-Match": "*"}, body)[0])
        threads = [threading.Thread(target=racer, args=(bytes([65 + i]) * 100000,)) for i in range(4)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        assert sorted(results) == [200, 412, 412, 412], results
        """)).EnsureSuccess();

    [Fact]
    public async Task CopySourceConditionsAnswer412WhenTheyDoNotHold() => (await boto3.RunAsync("""
        ensure_bucket("copycond")
        s3.put_object(Bucket="copycond", Key="source", Body=b"data")
        etag = s3.head_object(Bucket="copycond", Key="source")["ETag"]
        import datetime
        past = datetime.datetime(2001, 1, 1, tzinfo=datetime.timezone.utc)
        future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
        source = {"Bucket": "copycond", "Key": "source"}
        failing = [
            {"CopySourceIfMatch": '"0123456789abcdef0123456789abcdef"'},
            {"CopySourceIfNoneMatch": etag},
            {"CopySourceIfUnmodifiedSince": past},
            {"CopySourceIfModifiedSince": future},
        ]
        for conditions in failing:
            try:
                s3.copy_object(Bucket="copycond", Key="target", CopySource=source, **conditions)
                raise AssertionError(f"{conditions} copied")
            except botocore.exceptions.ClientError as e:
                assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 412, (conditions, e.response)
        assert "Contents" not in s3.list_objects_v2(Bucket="copycond", Prefix="target")
        s3.copy_object(Bucket="copycond", Key="target", CopySource=source, CopySourceIfMatch=etag, CopySourceIfUnmodifiedSince=past)
        s3.copy_object(Bucket="copycond", Key="target2", CopySource=source, CopySourceIfModifiedSince=past)
        assert s3.get_object(Bucket="copycond", Key="target2")["Body"].read() == b"data"
        """)).EnsureSuccess();

    [Fact]
    public async Task HeadersForWhatIsNotImplementedAreRefusedNamedAndNothingIsStored() => (await boto3.RunAsync("""
        ensure_bucket("refusals")
        refused = [
            ({"ACL": "public-read"}, "x-amz-acl"),
            ({"GrantRead": "id=someone"}, "x-amz-grant-read"),
            ({"StorageClass": "GLACIER"}, "x-amz-storage-class"),
            ({"ServerSideEncryption": "aws:kms", "SSEKMSEncryptionContext": "eyJhIjoiYiJ9"}, "x-amz-server-side-encryption-context"),
            ({"ObjectLockMode": "GOVERNANCE", "ObjectLockRetainUntilDate": "2030-01-01T00:00:00Z"}, "x-amz-object-lock-mode"),
            ({"WebsiteRedirectLocation": "/elsewhere"}, "x-amz-website-redirect-location"),
        ]
        for extra, header in refused:
            try:
                s3.put_object(Bucket="refusals", Key="object", Body=b"x", **extra)
                raise AssertionError(f"{extra} was accepted")
            except botocore.exceptions.ClientError as e:
                assert e.response["Error"]["Code"] == "NotImplemented", (extra, e.response)
                assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 501, (extra, e.response)
                assert e.response["Error"].get("Header") == header, (extra, e.response["Error"])
        assert "Contents" not in s3.list_objects_v2(Bucket="refusals")

        # The values that change nothing in a one-account, one-class store are taken.
        s3.put_object(Bucket="refusals", Key="plain", Body=b"x", ACL="private", StorageClass="STANDARD", ExpectedBucketOwner="000000000000")
        try:
            s3.put_object(Bucket="refusals", Key="other-owner", Body=b"x", ExpectedBucketOwner="111111111111")
            raise AssertionError("another owner was accepted")
        except botocore.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "AccessDenied", e.response
        try:
            s3.create_bucket(Bucket="locked-bucket", ObjectLockEnabledForBucket=True)
            raise AssertionError("object lock was accepted")
        except botocore.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "NotImplemented", e.response
        assert "locked-bucket" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
        """)).EnsureSuccess();

    [Fact]
    public async Task ListBucketsPagesWithMaxBucketsAndContinuationTokens() => (await boto3.RunAsync(Signed + """
        import re, urllib.parse
        for name in ["page-a", "page-b", "page-c", "page-d", "page-e"]:
            ensure_bucket(name)
        names, token, pages = [], None, 0
        while True:
            query = "/?max-buckets=2&prefix=page-" + ("&continuation-token=" + urllib.parse.quote(token, safe="") if token else "")
            status, _, body = signed("GET", query)
            assert status == 200, (status, body)
            page = re.findall(rb"<Name>([^<]*)</Name>", body)
            assert len(page) <= 2, body
            names += [n.decode() for n in page]
            pages += 1
            found = re.search(rb"<ContinuationToken>([^<]*)</ContinuationToken>", body)
            assert b"<Prefix>page-</Prefix>" in body, body
            if not found:
                break
            token = found.group(1).decode()
        assert names == ["page-a", "page-b", "page-c", "page-d", "page-e"] and pages == 3, (names, pages)
        status, _, body = signed("GET", "/?max-buckets=0")
        assert (status, code_of(body)) == (400, "InvalidArgument"), (status, body)
        """)).EnsureSuccess();

    [Fact]
    public async Task AnEmptyContinuationTokenIsEchoedAndListsFromTheStart() => (await boto3.RunAsync(Signed + """
        ensure_bucket("echo")
        s3.put_object(Bucket="echo", Key="a", Body=b"x")
        status, _, body = signed("GET", "/echo?list-type=2&continuation-token=")
        assert status == 200, (status, body)
        assert b"<ContinuationToken />" in body or b"<ContinuationToken></ContinuationToken>" in body, body
        assert b"<Key>a</Key>" in body, body
        """)).EnsureSuccess();

    [Fact]
    public async Task AnHtmlFormUploadIsNotImplementedRatherThanForbidden() => (await boto3.RunAsync("""
        ensure_bucket("forms")
        import urllib.request, urllib.error
        boundary = "sagebrushboundary"
        form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nuploaded\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--{boundary}--\r\n").encode()
        request = urllib.request.Request(endpoint + "/forms", data=form, method="POST", headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        try:
            urllib.request.urlopen(request)
            raise AssertionError("the form upload was accepted")
        except urllib.error.HTTPError as e:
            body = e.read()
            assert e.code == 501 and b"<Code>NotImplemented</Code>" in body, (e.code, body)
        assert "Contents" not in s3.list_objects_v2(Bucket="forms")
        """)).EnsureSuccess();

    [Fact]
    public async Task PartNumberReadsAnswerEachPartOfAMultipartObjectAndTheWholeOfAPlainOne() => (await boto3.RunAsync("""
        ensure_bucket("parts")
        first, second = b"a" * (5 * 1024 * 1024), b"b" * 1024
        upload = s3.create_multipart_upload(Bucket="parts", Key="big")["UploadId"]
        etags = [s3.upload_part(Bucket="parts", Key="big", UploadId=upload, PartNumber=n, Body=body)["ETag"] for n, body in ((1, first), (2, second))]
        s3.complete_multipart_upload(Bucket="parts", Key="big", UploadId=upload,
            MultipartUpload={"Parts": [{"PartNumber": n, "ETag": e} for n, e in zip((1, 2), etags)]})

        one = s3.get_object(Bucket="parts", Key="big", PartNumber=1)
        assert one["ResponseMetadata"]["HTTPStatusCode"] == 206, one["ResponseMetadata"]
        assert one["Body"].read() == first and one["PartsCount"] == 2, one["PartsCount"]
        assert one["ContentRange"] == f"bytes 0-{len(first) - 1}/{len(first) + len(second)}", one["ContentRange"]
        two = s3.get_object(Bucket="parts", Key="big", PartNumber=2)
        assert two["Body"].read() == second and two["ContentRange"] == f"bytes {len(first)}-{len(first) + 1023}/{len(first) + 1024}", two["ContentRange"]
        head = s3.head_object(Bucket="parts", Key="big", PartNumber=2)
        assert (head["ContentLength"], head["PartsCount"]) == (1024, 2), head

        def refused(**kwargs):
            try:
                s3.get_object(Bucket="parts", **kwargs)
                raise AssertionError(f"{kwargs} answered 2xx")
            except botocore.exceptions.ClientError as e:
                return e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Code"]
        assert refused(Key="big", PartNumber=3) == (400, "InvalidPart")
        assert refused(Key="big", PartNumber=1, Range="bytes=0-1") == (400, "InvalidRequest")

        s3.put_object(Bucket="parts", Key="small", Body=b"whole")
        assert s3.get_object(Bucket="parts", Key="small", PartNumber=1)["Body"].read() == b"whole"
        assert refused(Key="small", PartNumber=2) == (400, "InvalidPart")
        """)).EnsureSuccess();

    [Fact]
    public async Task ARetriedCompleteMultipartUploadAnswersAsTheFirstUntilTheObjectIsReplaced() => (await boto3.RunAsync("""
        ensure_bucket("retried")
        upload = s3.create_multipart_upload(Bucket="retried", Key="object")["UploadId"]
        etag = s3.upload_part(Bucket="retried", Key="object", UploadId=upload, PartNumber=1, Body=b"only part")["ETag"]
        parts = {"Parts": [{"PartNumber": 1, "ETag": etag}]}
        first = s3.complete_multipart_upload(Bucket="retried", Key="object", UploadId=upload, MultipartUpload=parts)
        again = s3.complete_multipart_upload(Bucket="retried", Key="object", UploadId=upload, MultipartUpload=parts)
        assert again["ETag"] == first["ETag"] and first["ETag"].endswith('-1"'), (first["ETag"], again["ETag"])
        assert s3.get_object(Bucket="retried", Key="object")["Body"].read() == b"only part"

        s3.put_object(Bucket="retried", Key="object", Body=b"replaced")
        try:
            s3.complete_multipart_upload(Bucket="retried", Key="object", UploadId=upload, MultipartUpload=parts)
            raise AssertionError("a complete after the object was replaced answered 2xx")
        except botocore.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "NoSuchUpload", e.response
        assert s3.get_object(Bucket="retried", Key="object")["Body"].read() == b"replaced"
        """)).EnsureSuccess();

    [Fact]
    public async Task ObjectTagsArePutReadCountedCopiedReplacedAndGoWithTheObject() => (await boto3.RunAsync("""
        ensure_bucket("tags")
        s3.put_object(Bucket="tags", Key="model.tar.gz", Body=b"x", Tagging="team=ml&stage=dev%20test")
        # Answered in key order, as S3 answers, not in the order given.
        assert s3.get_object_tagging(Bucket="tags", Key="model.tar.gz")["TagSet"] == [{"Key": "stage", "Value": "dev test"}, {"Key": "team", "Value": "ml"}]
        assert s3.head_object(Bucket="tags", Key="model.tar.gz")["ResponseMetadata"]["HTTPHeaders"]["x-amz-tagging-count"] == "2"
        assert s3.get_object(Bucket="tags", Key="model.tar.gz")["TagCount"] == 2

        s3.put_object_tagging(Bucket="tags", Key="model.tar.gz", Tagging={"TagSet": [{"Key": "approved", "Value": "yes"}]})
        assert s3.get_object_tagging(Bucket="tags", Key="model.tar.gz")["TagSet"] == [{"Key": "approved", "Value": "yes"}]

        s3.copy_object(Bucket="tags", Key="copied", CopySource={"Bucket": "tags", "Key": "model.tar.gz"})
        assert s3.get_object_tagging(Bucket="tags", Key="copied")["TagSet"] == [{"Key": "approved", "Value": "yes"}]
        s3.copy_object(Bucket="tags", Key="retagged", CopySource={"Bucket": "tags", "Key": "model.tar.gz"}, TaggingDirective="REPLACE", Tagging="owner=me")
        assert s3.get_object_tagging(Bucket="tags", Key="retagged")["TagSet"] == [{"Key": "owner", "Value": "me"}]

        def invalid(tags):
            try:
                s3.put_object_tagging(Bucket="tags", Key="model.tar.gz", Tagging={"TagSet": tags})
                raise AssertionError(f"{tags} accepted")
            except botocore.exceptions.ClientError as e:
                return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
        assert invalid([{"Key": f"k{i}", "Value": "v"} for i in range(11)]) == ("InvalidTag", 400)
        assert invalid([{"Key": "k" * 129, "Value": "v"}]) == ("InvalidTag", 400)
        assert invalid([{"Key": "same", "Value": "1"}, {"Key": "same", "Value": "2"}]) == ("InvalidTag", 400)
        assert s3.get_object_tagging(Bucket="tags", Key="model.tar.gz")["TagSet"] == [{"Key": "approved", "Value": "yes"}]

        s3.delete_object_tagging(Bucket="tags", Key="model.tar.gz")
        assert s3.get_object_tagging(Bucket="tags", Key="model.tar.gz")["TagSet"] == []
        assert "x-amz-tagging-count" not in s3.head_object(Bucket="tags", Key="model.tar.gz")["ResponseMetadata"]["HTTPHeaders"]

        s3.put_object(Bucket="tags", Key="copied", Body=b"overwritten")
        assert s3.get_object_tagging(Bucket="tags", Key="copied")["TagSet"] == []
        s3.delete_object(Bucket="tags", Key="retagged")
        try:
            s3.get_object_tagging(Bucket="tags", Key="retagged")
            raise AssertionError("tags outlived their object")
        except botocore.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "NoSuchKey", e.response

        # Tags given when a multipart upload starts are the completed object's; an invalid set is refused at the start.
        upload = s3.create_multipart_upload(Bucket="tags", Key="assembled", Tagging="stage=prod&team=ml")["UploadId"]
        etag = s3.upload_part(Bucket="tags", Key="assembled", UploadId=upload, PartNumber=1, Body=b"only part")["ETag"]
        s3.complete_multipart_upload(Bucket="tags", Key="assembled", UploadId=upload, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
        assert s3.get_object_tagging(Bucket="tags", Key="assembled")["TagSet"] == [{"Key": "stage", "Value": "prod"}, {"Key": "team", "Value": "ml"}]
        try:
            s3.create_multipart_upload(Bucket="tags", Key="refused", Tagging="&".join(f"k{i}=v" for i in range(11)))
            raise AssertionError("11 tags accepted")
        except botocore.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "InvalidTag", e.response
        """)).EnsureSuccess();

    [Fact]
    public async Task UploadPartCopyTakesRangesOfAnotherObjectAndRefusesRangesOutsideIt() => (await boto3.RunAsync("""
        ensure_bucket("partcopy-api")
        data = bytes(range(256)) * 40000  # 10,240,000 bytes
        s3.put_object(Bucket="partcopy-api", Key="source", Body=data)
        upload = s3.create_multipart_upload(Bucket="partcopy-api", Key="assembled")["UploadId"]
        cut = 6 * 1024 * 1024
        first = s3.upload_part_copy(Bucket="partcopy-api", Key="assembled", UploadId=upload, PartNumber=1,
            CopySource={"Bucket": "partcopy-api", "Key": "source"}, CopySourceRange=f"bytes=0-{cut - 1}")["CopyPartResult"]
        second = s3.upload_part_copy(Bucket="partcopy-api", Key="assembled", UploadId=upload, PartNumber=2,
            CopySource={"Bucket": "partcopy-api", "Key": "source"}, CopySourceRange=f"bytes={cut}-{len(data) - 1}")["CopyPartResult"]
        import hashlib
        assert first["ETag"] == '"%s"' % hashlib.md5(data[:cut]).hexdigest(), first
        s3.complete_multipart_upload(Bucket="partcopy-api", Key="assembled", UploadId=upload,
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": first["ETag"]}, {"PartNumber": 2, "ETag": second["ETag"]}]})
        assert s3.get_object(Bucket="partcopy-api", Key="assembled")["Body"].read() == data

        other = s3.create_multipart_upload(Bucket="partcopy-api", Key="refused")["UploadId"]
        for source_range, answer in ((f"bytes=0-{len(data)}", (416, "InvalidRange")), ("bytes=5-1", (400, "InvalidArgument")), ("items=0-1", (400, "InvalidArgument"))):
            try:
                s3.upload_part_copy(Bucket="partcopy-api", Key="refused", UploadId=other, PartNumber=1,
                    CopySource={"Bucket": "partcopy-api", "Key": "source"}, CopySourceRange=source_range)
                raise AssertionError(f"{source_range} accepted")
            except botocore.exceptions.ClientError as e:
                assert (e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Code"]) == answer, (source_range, e.response)
        try:
            s3.upload_part_copy(Bucket="partcopy-api", Key="refused", UploadId=other, PartNumber=1,
                CopySource={"Bucket": "partcopy-api", "Key": "source"}, CopySourceIfMatch='"0123456789abcdef0123456789abcdef"')
            raise AssertionError("a failed if-match copied")
        except botocore.exceptions.ClientError as e:
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 412, e.response
        assert s3.list_parts(Bucket="partcopy-api", Key="refused", UploadId=other).get("Parts", []) == []
        """)).EnsureSuccess();

    [Fact]
    public async Task GetObjectAttributesAnswersWhatIsAskedAndPagesTheParts() => (await boto3.RunAsync("""
        ensure_bucket("attributes")
        upload = s3.create_multipart_upload(Bucket="attributes", Key="big", ChecksumAlgorithm="SHA256")["UploadId"]
        sizes = (5 * 1024 * 1024, 5 * 1024 * 1024, 100)
        parts = [s3.upload_part(Bucket="attributes", Key="big", UploadId=upload, PartNumber=n + 1, Body=b"z" * size, ChecksumAlgorithm="SHA256")
                 for n, size in enumerate(sizes)]
        done = s3.complete_multipart_upload(Bucket="attributes", Key="big", UploadId=upload, MultipartUpload={"Parts": [
            {"PartNumber": n + 1, "ETag": p["ETag"], "ChecksumSHA256": p["ChecksumSHA256"]} for n, p in enumerate(parts)]})

        every = ["ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"]
        answer = s3.get_object_attributes(Bucket="attributes", Key="big", ObjectAttributes=every, MaxParts=2)
        assert answer["ETag"] == done["ETag"].strip('"'), (answer["ETag"], done["ETag"])
        assert answer["ObjectSize"] == sum(sizes) and answer["StorageClass"] == "STANDARD", answer
        assert answer["Checksum"]["ChecksumSHA256"] == done["ChecksumSHA256"], (answer["Checksum"], done)
        first = answer["ObjectParts"]
        assert (first["TotalPartsCount"], first["IsTruncated"], first["NextPartNumberMarker"]) == (3, True, 2), first
        assert [(p["PartNumber"], p["Size"]) for p in first["Parts"]] == [(1, sizes[0]), (2, sizes[1])], first
        assert [p["ChecksumSHA256"] for p in first["Parts"]] == [parts[0]["ChecksumSHA256"], parts[1]["ChecksumSHA256"]], first
        rest = s3.get_object_attributes(Bucket="attributes", Key="big", ObjectAttributes=["ObjectParts"], MaxParts=2, PartNumberMarker=2)["ObjectParts"]
        assert [(p["PartNumber"], p["Size"]) for p in rest["Parts"]] == [(3, 100)] and rest["IsTruncated"] is False, rest

        s3.put_object(Bucket="attributes", Key="small", Body=b"12345")
        small = s3.get_object_attributes(Bucket="attributes", Key="small", ObjectAttributes=["ObjectSize", "ObjectParts", "ETag"])
        assert small["ObjectSize"] == 5 and "ObjectParts" not in small and "Checksum" not in small, small
        try:
            s3.get_object_attributes(Bucket="attributes", Key="small", ObjectAttributes=["Colour"])
            raise AssertionError("an unknown attribute was accepted")
        except botocore.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "InvalidArgument", e.response
        try:
            s3.get_object_attributes(Bucket="attributes", Key="missing", ObjectAttributes=["ETag"])
            raise AssertionError("a missing key answered")
        except botocore.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "NoSuchKey", e.response
        """)).EnsureSuccess();

    [Fact]
    public async Task AnUnversionedBucketListsEachObjectAsItsNullVersionAndRefusesOtherVersionIds() => (await boto3.RunAsync("""
        ensure_bucket("versions")
        for key in ("a", "b/c", "d"):
            s3.put_object(Bucket="versions", Key=key, Body=key.encode())
        page = s3.list_object_versions(Bucket="versions", MaxKeys=2)
        assert [(v["Key"], v["VersionId"], v["IsLatest"]) for v in page["Versions"]] == [("a", "null", True), ("b/c", "null", True)], page
        assert page["IsTruncated"] and page["NextKeyMarker"] == "b/c", page
        rest = s3.list_object_versions(Bucket="versions", KeyMarker=page["NextKeyMarker"], VersionIdMarker=page["NextVersionIdMarker"])
        assert [v["Key"] for v in rest["Versions"]] == ["d"] and not rest["IsTruncated"], rest
        folders = s3.list_object_versions(Bucket="versions", Delimiter="/")
        assert [p["Prefix"] for p in folders["CommonPrefixes"]] == ["b/"], folders

        assert s3.get_object(Bucket="versions", Key="a", VersionId="null")["Body"].read() == b"a"
        try:
            s3.get_object(Bucket="versions", Key="a", VersionId="3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")
            raise AssertionError("another version id answered")
        except botocore.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "InvalidArgument", e.response
        s3.delete_objects(Bucket="versions", Delete={"Objects": [{"Key": "a", "VersionId": "null"}], "Quiet": True})
        assert [v["Key"] for v in s3.list_object_versions(Bucket="versions")["Versions"]] == ["b/c", "d"]

        # In us-east-1, S3 answers a CreateBucket of a bucket you own with 200 and changes nothing.
        s3.create_bucket(Bucket="versions")
        assert [v["Key"] for v in s3.list_object_versions(Bucket="versions")["Versions"]] == ["b/c", "d"]

        # A bucket whose only leftovers are multipart uploads in progress is deleted, as S3 deletes it.
        ensure_bucket("leftover-uploads")
        s3.create_multipart_upload(Bucket="leftover-uploads", Key="never-finished")
        s3.delete_bucket(Bucket="leftover-uploads")
        assert "leftover-uploads" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
        """)).EnsureSuccess();

    [Fact]
    public async Task AnEmptyContentMd5IsInvalidDigestAndStoresNothing() => (await boto3.RunAsync(Signed + """
        ensure_bucket("digests")
        status, _, body = signed("PUT", "/digests/object", {"Content-MD5": ""}, b"data")
        assert (status, code_of(body)) == (400, "InvalidDigest"), (status, body)
        assert "Contents" not in s3.list_objects_v2(Bucket="digests")
        """)).EnsureSuccess();

    [Fact]
    public async Task AWrongCompositeChecksumOnCompleteIsBadDigestAndTheUploadStaysOpen() => (await boto3.RunAsync("""
        ensure_bucket("composite")
        upload = s3.create_multipart_upload(Bucket="composite", Key="object", ChecksumAlgorithm="SHA256")["UploadId"]
        part = s3.upload_part(Bucket="composite", Key="object", UploadId=upload, PartNumber=1, Body=b"A" * 1024, ChecksumAlgorithm="SHA256")
        parts = {"Parts": [{"PartNumber": 1, "ETag": part["ETag"], "ChecksumSHA256": part["ChecksumSHA256"]}]}
        try:
            s3.complete_multipart_upload(Bucket="composite", Key="object", UploadId=upload, MultipartUpload=parts, ChecksumSHA256="bad")
            raise AssertionError("a wrong composite checksum was accepted")
        except botocore.exceptions.ClientError as e:
            assert (e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]) == ("BadDigest", 400), e.response
        assert "Contents" not in s3.list_objects_v2(Bucket="composite")

        import base64, hashlib
        composite = base64.b64encode(hashlib.sha256(base64.b64decode(part["ChecksumSHA256"])).digest()).decode() + "-1"
        done = s3.complete_multipart_upload(Bucket="composite", Key="object", UploadId=upload, MultipartUpload=parts, ChecksumSHA256=composite)
        assert done["ChecksumSHA256"] == composite, (done["ChecksumSHA256"], composite)
        """)).EnsureSuccess();
}
