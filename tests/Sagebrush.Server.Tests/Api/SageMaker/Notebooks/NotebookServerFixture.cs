using Microsoft.Extensions.DependencyInjection;
using Sagebrush.Core.Notebooks;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.SageMaker.Notebooks;

/// <summary>
/// A real server whose notebook instances run Debian's Jupyter in the sandbox, with lifecycle scripts stopped after 3
/// seconds instead of 5 minutes. Scripts get <c>sm</c> (and <c>raw</c>, without botocore's checks), <c>logs</c>, <c>ROLE</c>, <c>b64(text)</c>,
/// <c>settle(name)</c> (waits while Pending, Stopping, Updating or Deleting), <c>stream(name, suffix)</c> (a log
/// stream's lines), <c>stream_until(name, suffix, wanted)</c> (waits for a running process's line) and <c>Jupyter(name)</c>, a client that signs in with a presigned URL and talks to the instance
/// through the server's port, as a browser does (cookies kept, Jupyter's XSRF token sent with every write as its pages
/// send it, <c>Host: &lt;name&gt;.notebook.localhost</c>).
/// </summary>
public sealed class NotebookServerFixture : InProcessServer
{
    public const string Prelude = """
        import os, sys, time, json, base64, http.client, boto3, botocore
        from botocore.config import Config
        endpoint = os.environ["SAGEBRUSH_ENDPOINT"]
        PORT = int(endpoint.rsplit(":", 1)[1])
        config = Config(retries={"max_attempts": 1})
        sm = boto3.client("sagemaker", endpoint_url=endpoint, config=config)
        # Without botocore's own checks, so invalid requests reach the server as other SDKs would send them.
        raw = boto3.client("sagemaker", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}, parameter_validation=False))
        logs = boto3.client("logs", endpoint_url=endpoint, config=config)
        s3 = boto3.client("s3", endpoint_url=endpoint, config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))
        ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
        def b64(text):
            return base64.b64encode(text.encode()).decode()
        def error_of(call):
            try:
                call()
            except botocore.exceptions.ClientError as e:
                return e.response["Error"]
            raise AssertionError("expected an error")
        def settle(name, timeout=60):
            for _ in range(int(timeout * 10)):
                try:
                    d = sm.describe_notebook_instance(NotebookInstanceName=name)
                except botocore.exceptions.ClientError as e:
                    if e.response["Error"]["Message"] == "RecordNotFound":
                        return None
                    raise
                if d["NotebookInstanceStatus"] not in ("Pending", "Stopping", "Updating", "Deleting"):
                    return d
                time.sleep(0.1)
            raise AssertionError(d)
        def stream(name, suffix):
            try:
                return [e["message"] for e in logs.get_log_events(logGroupName="/aws/sagemaker/NotebookInstances", logStreamName=f"{name}/{suffix}", startFromHead=True)["events"]]
            except botocore.exceptions.ClientError:
                return []
        def stream_until(name, suffix, wanted, timeout=10):
            # A running process's lines reach the log in batches, a moment after it writes them, as in CloudWatch.
            for _ in range(int(timeout * 10)):
                lines = stream(name, suffix)
                if any(wanted(line) for line in lines):
                    return lines
                time.sleep(0.1)
            raise AssertionError((name, suffix, lines))
        class Jupyter:
            def __init__(self, name, url=None):
                self.host = f"{name.lower()}.notebook.localhost:{PORT}"
                self.cookies = {}
                url = url or sm.create_presigned_notebook_instance_url(NotebookInstanceName=name)["AuthorizedUrl"]
                assert url.startswith(f"http://{self.host}/?authToken="), url
                self.status, self.headers, _ = self.request("GET", url[len(f"http://{self.host}"):])
            def request(self, method, path, body=None, xsrf=True):
                if method != "GET" and xsrf and "_xsrf" not in self.cookies:
                    self.request("GET", "/tree")
                c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                headers = {"Host": self.host}
                if method != "GET" and xsrf and "_xsrf" in self.cookies:
                    headers["X-XSRFToken"] = self.cookies["_xsrf"]
                if self.cookies:
                    headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
                if body is not None:
                    body = json.dumps(body).encode()
                    headers["Content-Type"] = "application/json"
                c.request(method, path, body=body, headers=headers)
                r = c.getresponse()
                for k, v in r.getheaders():
                    if k.lower() == "set-cookie":
                        pair = v.split(";", 1)[0]
                        self.cookies[pair.split("=", 1)[0]] = pair.split("=", 1)[1]
                data = r.read()
                c.close()
                return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data
            def get(self, path):
                status, _, data = self.request("GET", path)
                assert status == 200, (status, data[:300])
                return json.loads(data)
            def write(self, path, text):
                status, _, data = self.request("PUT", "/api/contents/" + path, {"type": "file", "format": "text", "content": text})
                assert status in (200, 201), (status, data[:300])
            def read(self, path):
                return self.get("/api/contents/" + path)["content"]

        """;

    public Task<ProcessResult> RunBoto3Async(string script, TimeSpan? timeout = null) => RunPythonAsync(Prelude + script, timeout ?? TimeSpan.FromMinutes(3));

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(new NotebookOptions { LifecycleScriptTimeout = TimeSpan.FromSeconds(3) });
}
