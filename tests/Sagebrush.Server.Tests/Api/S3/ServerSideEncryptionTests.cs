using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.S3;

/// <summary>
/// Server-side encryption through boto3 and the AWS CLI, as S3 answers it: SSE-S3, SSE-KMS and SSE-C on PutObject,
/// GetObject, HeadObject, CopyObject and multipart uploads; and on disk, no plaintext of an encrypted object.
/// </summary>
public sealed class ServerSideEncryptionTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private const string Marker = "SSE-PLAINTEXT-MARKER-4f1c";
    private readonly Boto3 boto3 = new(server);

    [Fact]
    public async Task SseS3AndSseKmsObjectsAnswerWithTheirHeadersAndReadBackAsWritten() => (await boto3.RunAsync($$"""
        ensure_bucket("sse")
        data = b"{{Marker}}" * 5000
        put = s3.put_object(Bucket="sse", Key="managed", Body=data, ServerSideEncryption="AES256")
        assert put["ServerSideEncryption"] == "AES256", put
        import hashlib
        assert put["ETag"] == '"' + hashlib.md5(data).hexdigest() + '"', put["ETag"]
        got = s3.get_object(Bucket="sse", Key="managed")
        assert got["ServerSideEncryption"] == "AES256" and got["Body"].read() == data
        assert s3.head_object(Bucket="sse", Key="managed")["ServerSideEncryption"] == "AES256"
        ranged = s3.get_object(Bucket="sse", Key="managed", Range="bytes=65530-65549")["Body"].read()
        assert ranged == data[65530:65550], ranged

        kms = s3.put_object(Bucket="sse", Key="kms", Body=data, ServerSideEncryption="aws:kms")
        assert kms["ServerSideEncryption"] == "aws:kms" and kms["SSEKMSKeyId"].startswith("arn:aws:kms:us-east-1:000000000000:key/"), kms
        assert kms["ETag"] != put["ETag"]
        mine = s3.put_object(Bucket="sse", Key="kms-mine", Body=data, ServerSideEncryption="aws:kms", SSEKMSKeyId="arn:aws:kms:us-east-1:000000000000:key/mine")
        assert mine["SSEKMSKeyId"] == "arn:aws:kms:us-east-1:000000000000:key/mine", mine
        head = s3.head_object(Bucket="sse", Key="kms-mine")
        assert (head["ServerSideEncryption"], head["SSEKMSKeyId"]) == ("aws:kms", "arn:aws:kms:us-east-1:000000000000:key/mine"), head
        assert s3.get_object(Bucket="sse", Key="kms-mine")["Body"].read() == data

        plain = s3.put_object(Bucket="sse", Key="plain", Body=b"not encrypted")
        assert "ServerSideEncryption" not in plain, plain
        for bad in ({"ServerSideEncryption": "AES128"}, {"SSEKMSKeyId": "alias/x"}):
            e = error_of(lambda: s3.put_object(Bucket="sse", Key="refused", Body=b"x", **bad))
            assert (e["Error"]["Code"], e["ResponseMetadata"]["HTTPStatusCode"]) == ("InvalidArgument", 400), (bad, e)
        """)).EnsureSuccess();

    [Fact]
    public async Task AnSseCObjectIsReadOnlyWithItsKeyCopiedWithItAndUploadedInPartsWithIt() => (await boto3.RunAsync($$"""
        import base64, hashlib
        ensure_bucket("ssec")
        key = b"k" * 32
        other = b"o" * 32
        data = b"{{Marker}}" * 4000
        sse = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": key}
        put = s3.put_object(Bucket="ssec", Key="secret", Body=data, **sse)
        assert put["SSECustomerAlgorithm"] == "AES256" and put["SSECustomerKeyMD5"] == base64.b64encode(hashlib.md5(key).digest()).decode(), put
        assert put["ETag"] != '"' + hashlib.md5(data).hexdigest() + '"'

        got = s3.get_object(Bucket="ssec", Key="secret", **sse)
        assert got["Body"].read() == data and got["SSECustomerAlgorithm"] == "AES256"
        assert s3.get_object(Bucket="ssec", Key="secret", Range="bytes=100-199", **sse)["Body"].read() == data[100:200]
        assert s3.head_object(Bucket="ssec", Key="secret", **sse)["ContentLength"] == len(data)
        e = error_of(lambda: s3.get_object(Bucket="ssec", Key="secret"))
        assert (e["Error"]["Code"], e["ResponseMetadata"]["HTTPStatusCode"]) == ("InvalidRequest", 400), e
        e = error_of(lambda: s3.head_object(Bucket="ssec", Key="secret"))
        assert e["ResponseMetadata"]["HTTPStatusCode"] == 400, e
        e = error_of(lambda: s3.get_object(Bucket="ssec", Key="secret", SSECustomerAlgorithm="AES256", SSECustomerKey=other))
        assert (e["Error"]["Code"], e["ResponseMetadata"]["HTTPStatusCode"]) == ("InvalidRequest", 400), e
        e = error_of(lambda: s3.put_object(Bucket="ssec", Key="short", Body=b"x", SSECustomerAlgorithm="AES256", SSECustomerKey=b"short"))
        assert e["Error"]["Code"] == "InvalidArgument", e
        e = error_of(lambda: s3.put_object(Bucket="ssec", Key="both", Body=b"x", ServerSideEncryption="AES256", **sse))
        assert e["Error"]["Code"] == "InvalidArgument", e
        s3.put_object(Bucket="ssec", Key="plain", Body=b"plain")
        e = error_of(lambda: s3.get_object(Bucket="ssec", Key="plain", **sse))
        assert e["Error"]["Code"] == "InvalidRequest", e

        copied = s3.copy_object(Bucket="ssec", Key="copied", CopySource={"Bucket": "ssec", "Key": "secret"},
                                CopySourceSSECustomerAlgorithm="AES256", CopySourceSSECustomerKey=key, ServerSideEncryption="AES256")
        assert copied["ServerSideEncryption"] == "AES256", copied
        assert s3.get_object(Bucket="ssec", Key="copied")["Body"].read() == data
        e = error_of(lambda: s3.copy_object(Bucket="ssec", Key="nokey", CopySource={"Bucket": "ssec", "Key": "secret"}))
        assert e["Error"]["Code"] == "InvalidRequest", e

        upload = s3.create_multipart_upload(Bucket="ssec", Key="parts", **sse)["UploadId"]
        e = error_of(lambda: s3.upload_part(Bucket="ssec", Key="parts", UploadId=upload, PartNumber=1, Body=b"x"))
        assert e["Error"]["Code"] == "InvalidRequest", e
        e = error_of(lambda: s3.upload_part(Bucket="ssec", Key="parts", UploadId=upload, PartNumber=1, Body=b"x", SSECustomerAlgorithm="AES256", SSECustomerKey=other))
        assert e["Error"]["Code"] == "InvalidRequest", e
        first = data * 60
        one = s3.upload_part(Bucket="ssec", Key="parts", UploadId=upload, PartNumber=1, Body=first[:5 * 1024 * 1024], **sse)
        assert one["SSECustomerKeyMD5"] == put["SSECustomerKeyMD5"], one
        two = s3.upload_part_copy(Bucket="ssec", Key="parts", UploadId=upload, PartNumber=2, CopySource={"Bucket": "ssec", "Key": "secret"},
                                  CopySourceSSECustomerAlgorithm="AES256", CopySourceSSECustomerKey=key, **sse)
        s3.complete_multipart_upload(Bucket="ssec", Key="parts", UploadId=upload,
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": one["ETag"]}, {"PartNumber": 2, "ETag": two["CopyPartResult"]["ETag"]}]})
        whole = first[:5 * 1024 * 1024] + data
        assert s3.get_object(Bucket="ssec", Key="parts", **sse)["Body"].read() == whole
        edge = 5 * 1024 * 1024
        assert s3.get_object(Bucket="ssec", Key="parts", Range=f"bytes={edge - 10}-{edge + 9}", **sse)["Body"].read() == whole[edge - 10:edge + 10]
        assert s3.get_object(Bucket="ssec", Key="parts", PartNumber=2, **sse)["Body"].read() == data
        """)).EnsureSuccess();

    [Fact]
    public async Task TheDataDirectoryHoldsNoPlaintextOfAnEncryptedObject()
    {
        (await boto3.RunAsync($$"""
            ensure_bucket("at-rest")
            data = b"{{Marker}}-at-rest" * 1000
            s3.put_object(Bucket="at-rest", Key="managed", Body=data, ServerSideEncryption="AES256")
            s3.put_object(Bucket="at-rest", Key="customer", Body=data, SSECustomerAlgorithm="AES256", SSECustomerKey=b"c" * 32)
            s3.put_object(Bucket="at-rest", Key="kms", Body=data, ServerSideEncryption="aws:kms")
            """)).EnsureSuccess();

        var marker = System.Text.Encoding.ASCII.GetBytes(Marker + "-at-rest");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(server.DataDir, "objects"), "*", SearchOption.AllDirectories))
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(marker) < 0, file + " holds plaintext of an encrypted object");
        }
    }

    [Fact]
    public async Task TheCliCopiesWithSseAndReadsBack()
    {
        var aws = new AwsCli(server);
        using var files = new TempFiles();
        var path = files.Path("object.txt");
        await File.WriteAllTextAsync(path, Marker + " through the CLI");
        (await aws.RunAsync("s3", "mb", "s3://sse-cli")).EnsureSuccess();
        (await aws.RunAsync("s3", "cp", path, "s3://sse-cli/object", "--sse", "AES256")).EnsureSuccess();
        var head = (await aws.RunAsync("s3api", "head-object", "--bucket", "sse-cli", "--key", "object")).EnsureSuccess();
        Assert.Contains("\"ServerSideEncryption\": \"AES256\"", head.StandardOutput, StringComparison.Ordinal);
        var back = (await aws.RunAsync("s3", "cp", "s3://sse-cli/object", "-")).EnsureSuccess();
        Assert.Equal(Marker + " through the CLI", back.StandardOutput);
    }
}
