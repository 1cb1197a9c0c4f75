using Sagebrush.Core.Common;

namespace Sagebrush.Server.Tests.Support;

/// <summary>
/// Runs a Python script with Debian's python3 and boto3. The script gets <c>s3</c>, a boto3 S3 client bound to the
/// test server, <c>endpoint</c>, <c>error_of(call)</c> (the error response a call must give) and
/// <c>ensure_bucket(name)</c>; it signals failure by raising.
/// </summary>
public sealed class Boto3(Func<string> endpoint, Func<Dictionary<string, string?>> environment)
{
    public const string Python = "/usr/bin/python3";

    private const string Prelude = """
        import os, sys, boto3, botocore
        from botocore.config import Config
        endpoint = os.environ["SAGEBRUSH_ENDPOINT"]
        s3 = boto3.client("s3", endpoint_url=endpoint, config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 1}))

        def error_of(call):
            try:
                call()
            except botocore.exceptions.ClientError as e:
                return e.response
            raise AssertionError("expected an error")

        def ensure_bucket(name):
            try:
                s3.create_bucket(Bucket=name)
            except s3.exceptions.BucketAlreadyOwnedByYou:
                pass

        """;

    public Boto3(SagebrushServerFixture server)
        : this(() => server.Endpoint, () => server.ClientEnvironment())
    {
    }

    /// <summary>Follows the process across restarts: each script goes to the port it listens on at the time.</summary>
    public Boto3(ServerProcess server)
        : this(() => server.Endpoint, () => SagebrushServerFixture.ClientEnvironment(AccountSettings.DefaultRegion))
    {
    }

    public Task<ProcessResult> RunAsync(string script)
    {
        var variables = environment();
        variables["SAGEBRUSH_ENDPOINT"] = endpoint();
        return ExternalProcess.RunAsync(Python, ["-"], variables, Prelude + script);
    }
}
