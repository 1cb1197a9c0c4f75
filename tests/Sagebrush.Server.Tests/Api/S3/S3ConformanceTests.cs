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
}
