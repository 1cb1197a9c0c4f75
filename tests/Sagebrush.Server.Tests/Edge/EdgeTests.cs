using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Edge;

/// <summary>What every request gets from the edge: a readiness probe, request ids, virtual-host buckets.</summary>
public sealed class EdgeTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private readonly Boto3 boto3 = new(server);

    [Fact]
    public async Task HealthProbeAnswersWithoutCredentials()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.Url, "/_sagebrush/health"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"ok\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnErrorToARequestWaitingFor100ContinueClosesTheConnectionSoItsBodyIsNotReadAsARequest()
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(server.Url.Host, server.Url.Port);
        using var stream = client.GetStream();
        var request = "PUT /bucket/key HTTP/1.1\r\nHost: " + server.Url.Authority + "\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));

        // Unsigned: refused at once, without 100 Continue, and the server closes the connection after the error.
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10))) > 0)
            {
                answer.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (answer.Length > 0)
        {
            // Closed with a reset (the declared body never came): closed all the same.
        }

        var text = System.Text.Encoding.ASCII.GetString(answer.ToArray());
        Assert.StartsWith("HTTP/1.1 403 Forbidden", text, StringComparison.Ordinal);
        Assert.Contains("Connection: close", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<Code>AccessDenied</Code>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("100 Continue", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APutDeclaringMoreThan5GiBIsEntityTooLargeBeforeItsBodyIsInvited() => (await boto3.RunAsync("""
        import socket
        from botocore.auth import S3SigV4Auth
        from botocore.awsrequest import AWSRequest
        s3.create_bucket(Bucket="huge")
        url = os.environ["SAGEBRUSH_ENDPOINT"] + "/huge/big.bin"
        request = AWSRequest(method="PUT", url=url, headers={"Content-Length": str(5 * 1024 ** 3 + 1), "Expect": "100-continue",
            "x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
        S3SigV4Auth(boto3.Session().get_credentials(), "s3", "us-east-1").add_auth(request)
        prepared = request.prepare()
        host, port = url.split("/")[2].split(":")
        with socket.create_connection((host, int(port))) as sock:
            head = f"PUT /huge/big.bin HTTP/1.1\r\nHost: {host}:{port}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in prepared.headers.items() if k.lower() != "host") + "\r\n"
            sock.sendall(head.encode())
            sock.settimeout(10)
            answer = b""
            try:
                while chunk := sock.recv(4096):
                    answer += chunk
            except ConnectionResetError:
                pass
        text = answer.decode()
        assert text.startswith("HTTP/1.1 400") and "100 Continue" not in text, text
        assert "<Code>EntityTooLarge</Code>" in text and "<MaxSizeAllowed>5368709120</MaxSizeAllowed>" in text, text
        assert "Connection: close" in text, text
        """)).EnsureSuccess();

    [Fact]
    public async Task AMistypedJsonMemberIsASerializationExceptionInTheWiresTermsNotDotNets() => (await boto3.RunAsync("""
        raw = boto3.client("sagemaker", endpoint_url=endpoint, config=Config(parameter_validation=False, retries={"max_attempts": 1}))
        try:
            raw.list_models(MaxResults="ten")
            raise AssertionError("accepted")
        except botocore.exceptions.ClientError as e:
            error = e.response["Error"]
        assert error["Code"] == "SerializationException", error
        assert "$.MaxResults" in error["Message"] and "System." not in error["Message"], error
        """)).EnsureSuccess();

    [Fact]
    public async Task EveryResponseCarriesARequestIdInItsProtocolsHeaders()
    {
        using var http = new HttpClient();

        using var s3Error = await http.GetAsync(new Uri(server.Url, "/some-bucket/key"));
        using var jsonRequest = new HttpRequestMessage(HttpMethod.Post, server.Url) { Content = new StringContent("{}") };
        jsonRequest.Headers.Add("X-Amz-Target", "SageMaker.ListModels");
        using var jsonError = await http.SendAsync(jsonRequest);

        Assert.Equal(HttpStatusCode.Forbidden, s3Error.StatusCode);
        Assert.Matches("^[0-9A-F]{16}$", s3Error.Headers.GetValues("x-amz-request-id").Single());
        Assert.True(s3Error.Headers.Contains("x-amz-id-2"));
        Assert.Contains(s3Error.Headers.GetValues("x-amz-request-id").Single(), await s3Error.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(Guid.TryParse(jsonError.Headers.GetValues("x-amzn-RequestId").Single(), out _));
        Assert.Equal("MissingAuthenticationTokenException", jsonError.Headers.GetValues("X-Amzn-ErrorType").Single());
    }

    [Fact]
    public async Task VirtualHostStyleFindsTheBucketInTheHostHeader()
    {
        // bucket.localhost does not resolve everywhere, so the script points every *.localhost name at 127.0.0.1.
        (await boto3.RunAsync("""
            import socket
            resolve = socket.getaddrinfo
            socket.getaddrinfo = lambda host, *rest: resolve("127.0.0.1" if host.endswith(".localhost") else host, *rest)
            s3.create_bucket(Bucket="vhosted")
            port = endpoint.rsplit(":", 1)[1]
            virtual = boto3.client("s3", endpoint_url=f"http://localhost:{port}",
                                   config=Config(signature_version="s3v4", s3={"addressing_style": "virtual"}))
            virtual.put_object(Bucket="vhosted", Key="dir/file.txt", Body=b"by host")
            assert virtual.get_object(Bucket="vhosted", Key="dir/file.txt")["Body"].read() == b"by host"
            assert [o["Key"] for o in virtual.list_objects_v2(Bucket="vhosted")["Contents"]] == ["dir/file.txt"]
            assert s3.get_object(Bucket="vhosted", Key="dir/file.txt")["Body"].read() == b"by host"
            """)).EnsureSuccess();
    }
}
