using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Edge;

/// <summary>
/// Requests that must be refused, each with AWS's code and status, and with nothing written. Signed with botocore's
/// own signer; clocks are moved by patching botocore's clock, so no test sleeps.
/// </summary>
public sealed class RejectionTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private const string Helpers = """
        import datetime, urllib.request, urllib.error
        from botocore.auth import S3SigV4Auth, SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        good = Credentials(os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"])

        def send(method, url, headers, body):
            req = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
            try:
                with urllib.request.urlopen(req) as r:
                    return r.status, r.read().decode()
            except urllib.error.HTTPError as e:
                return e.code, e.read().decode()

        def signed(method, url, body, credentials=good, service="s3", shift=datetime.timedelta(0), headers=None):
            real = datetime.datetime
            class Shifted(real):
                @classmethod
                def utcnow(cls):
                    return real.utcnow() + shift
            import botocore.auth
            botocore.auth.datetime.datetime = Shifted
            try:
                request = AWSRequest(method=method, url=url, data=body, headers=headers or {})
                (S3SigV4Auth if service == "s3" else SigV4Auth)(credentials, service, "us-east-1").add_auth(request)
                return request.prepare()
            finally:
                botocore.auth.datetime.datetime = real

        def assert_absent(key):
            try:
                s3.head_object(Bucket="guarded", Key=key)
                raise AssertionError(key + " was written")
            except botocore.exceptions.ClientError as e:
                assert e.response["Error"]["Code"] == "404", e.response

        try:
            s3.create_bucket(Bucket="guarded")
        except s3.exceptions.BucketAlreadyOwnedByYou:
            pass
        url = endpoint + "/guarded/"

        """;

    private readonly Boto3 boto3 = new(server);

    [Fact]
    public async Task UnsignedPutIsAccessDenied() => await RunAsync("""
        status, body = send("PUT", url + "unsigned", {}, b"data")
        assert status == 403 and "<Code>AccessDenied</Code>" in body, (status, body)
        assert_absent("unsigned")
        """);

    [Fact]
    public async Task WrongSecretIsSignatureDoesNotMatch() => await RunAsync("""
        p = signed("PUT", url + "wrong-secret", b"data", credentials=Credentials(good.access_key, "not-the-secret"))
        status, body = send("PUT", p.url, p.headers, b"data")
        assert status == 403 and "<Code>SignatureDoesNotMatch</Code>" in body, (status, body)
        assert_absent("wrong-secret")
        """);

    [Fact]
    public async Task UnknownAccessKeyIsInvalidAccessKeyId() => await RunAsync("""
        p = signed("PUT", url + "unknown-key", b"data", credentials=Credentials("AKIAUNKNOWNUNKNOWN00", good.secret_key))
        status, body = send("PUT", p.url, p.headers, b"data")
        assert status == 403 and "<Code>InvalidAccessKeyId</Code>" in body, (status, body)
        assert_absent("unknown-key")
        """);

    [Fact]
    public async Task BodyChangedAfterSigningIsXAmzContentSha256Mismatch() => await RunAsync("""
        p = signed("PUT", url + "tampered", b"original body")
        status, body = send("PUT", p.url, p.headers, b"tampered body")
        assert status == 400 and "<Code>XAmzContentSHA256Mismatch</Code>" in body, (status, body)
        assert_absent("tampered")
        """);

    [Fact]
    public async Task ABodyCutShortIsABadRequestAndStoresNothing() => await RunAsync("""
        import socket
        body = b"x" * 1000
        p = signed("PUT", url + "cut-short", body, headers={"x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
        host, port = endpoint.split("//")[1].split(":")
        conn = socket.create_connection((host, int(port)))
        head = "PUT /guarded/cut-short HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in p.headers.items()) + "\r\n"
        conn.sendall(head.encode() + body[:100])
        conn.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := conn.recv(4096):
            reply += chunk
        # Kestrel ends a connection whose body broke off itself: a bare 400, or a plain close if it wins the race.
        assert reply == b"" or reply.startswith(b"HTTP/1.1 400"), reply
        assert_absent("cut-short")
        """);

    [Fact]
    public async Task ClockTwentyMinutesOffIsRequestTimeTooSkewed() => await RunAsync("""
        for shift in (datetime.timedelta(minutes=20), datetime.timedelta(minutes=-20)):
            p = signed("PUT", url + "skewed", b"data", shift=shift)
            status, body = send("PUT", p.url, p.headers, b"data")
            assert status == 403 and "<Code>RequestTimeTooSkewed</Code>" in body, (status, body)
        assert_absent("skewed")
        """);

    [Fact]
    public async Task ExpiredPresignedUrlIsAccessDenied() => await RunAsync("""
        s3.put_object(Bucket="guarded", Key="shared", Body=b"secret data")
        import botocore.auth
        real = datetime.datetime
        class HourAgo(real):
            @classmethod
            def utcnow(cls):
                return real.utcnow() - datetime.timedelta(hours=1)
        botocore.auth.datetime.datetime = HourAgo
        try:
            stale = s3.generate_presigned_url("get_object", Params={"Bucket": "guarded", "Key": "shared"}, ExpiresIn=60)
        finally:
            botocore.auth.datetime.datetime = real
        status, body = send("GET", stale, {}, None)
        assert status == 403 and "<Code>AccessDenied</Code>" in body and "expired" in body, (status, body)
        """);

    [Fact]
    public async Task SignatureVersion2PresignedUrlIsInvalidRequestThatNamesTheFix() => await RunAsync("""
        v2 = boto3.client("s3", endpoint_url=endpoint, config=Config(signature_version="s3", s3={"addressing_style": "path"}))
        status, body = send("GET", v2.generate_presigned_url("get_object", Params={"Bucket": "guarded", "Key": "k"}), {}, None)
        assert status == 400 and "<Code>InvalidRequest</Code>" in body and "s3v4" in body, (status, body)
        """);

    [Fact]
    public async Task JsonServicesAnswerWithTheirOwnAuthenticationCodes() => await RunAsync("""
        import json
        target = {"X-Amz-Target": "SageMaker.ListModels", "Content-Type": "application/x-amz-json-1.1"}
        status, body = send("POST", endpoint + "/", target, b"{}")
        assert status == 403 and json.loads(body)["__type"] == "MissingAuthenticationTokenException", (status, body)
        cases = [
            (Credentials(good.access_key, "wrong"), datetime.timedelta(0), 403, "InvalidSignatureException"),
            (Credentials("AKIAUNKNOWNUNKNOWN00", good.secret_key), datetime.timedelta(0), 403, "UnrecognizedClientException"),
            (good, datetime.timedelta(minutes=20), 403, "InvalidSignatureException"),
        ]
        for creds, shift, expected_status, code in cases:
            p = signed("POST", endpoint + "/", b"{}", credentials=creds, service="sagemaker", shift=shift, headers=target)
            status, body = send("POST", p.url, p.headers, b"{}")
            assert status == expected_status and json.loads(body)["__type"] == code, (code, status, body)
        """);

    [Fact]
    public async Task UnknownJsonOperationIsUnknownOperationExceptionNotAServerError() => await RunAsync("""
        sm = boto3.client("sagemaker", endpoint_url=endpoint)
        try:
            sm.list_pipelines()
            raise AssertionError("expected UnknownOperationException")
        except botocore.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "UnknownOperationException", e.response
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400
            assert e.response["ResponseMetadata"]["RequestId"], e.response
        """);

    [Fact]
    public async Task InvokingAnUnknownEndpointIsValidationError() => await RunAsync("""
        runtime = boto3.client("sagemaker-runtime", endpoint_url=endpoint)
        try:
            runtime.invoke_endpoint(EndpointName="nowhere", Body=b"1,2,3", ContentType="text/csv")
            raise AssertionError("expected ValidationError")
        except botocore.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "ValidationError", e.response
            assert "Endpoint nowhere of account 000000000000 not found." == e.response["Error"]["Message"], e.response
        """);

    private async Task RunAsync(string script) => (await boto3.RunAsync(Helpers + script)).EnsureSuccess();
}
