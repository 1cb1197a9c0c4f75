using System.Text.Json;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Clients;

/// <summary>
/// A second real client written by others: the AWS SDK for JavaScript v3 (pinned in tests/js/package.json, installed
/// by scripts/test with <c>npm ci</c>) runs the whole loop configured by the environment alone, AWS_ENDPOINT_URL
/// included: STS, S3, the built-in XGBoost trained, deployed and invoked; a notebook instance through its waiters; an ECR
/// repository and its login token.
/// </summary>
public sealed class JavaScriptSdkTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private static readonly string Directory = Path.Combine(RepositoryPaths.Root, "tests", "js");

    [SkippableFact]
    public async Task TheJavaScriptSdkTrainsDeploysAndInvokesWithOnlyAwsEndpointUrlSet()
    {
        Skip.IfNot(File.Exists("/usr/bin/node"), "node is not installed (scripts/test installs nodejs)");
        Skip.IfNot(System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@aws-sdk")), "tests/js has no node_modules: run `npm ci` there (scripts/test does)");
        var environment = server.ClientEnvironment();
        environment["AWS_ENDPOINT_URL"] = server.Endpoint;
        environment["AWS_NODEJS_CONNECTION_REUSE_ENABLED"] = "1";

        var result = (await ExternalProcess.RunAsync("/usr/bin/node", ["train_deploy_invoke.mjs", "js-loop"], environment, workingDirectory: Directory, timeout: TimeSpan.FromMinutes(3))).EnsureSuccess();

        using var seen = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]);
        Assert.Equal("000000000000", seen.RootElement.GetProperty("account").GetString());
        Assert.Equal(100, seen.RootElement.GetProperty("predictions").GetInt32());
        Assert.True(seen.RootElement.GetProperty("accuracy").GetDouble() >= 0.85, result.StandardOutput);
        Assert.True(seen.RootElement.GetProperty("auc").GetDouble() >= 0.9, result.StandardOutput);
        Assert.Equal("AllTraffic", seen.RootElement.GetProperty("variant").GetString());
    }

    [SkippableFact]
    public async Task TheJavaScriptSdkRunsANotebookInstanceThroughItsWaitersAndSignsInWithItsPresignedUrl()
    {
        Skip.IfNot(File.Exists("/usr/bin/node"), "node is not installed (scripts/test installs nodejs)");
        Skip.IfNot(System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@aws-sdk")), "tests/js has no node_modules: run `npm ci` there (scripts/test does)");
        var environment = server.ClientEnvironment();
        environment["AWS_ENDPOINT_URL"] = server.Endpoint;

        var result = (await ExternalProcess.RunAsync("/usr/bin/node", ["notebook_lifecycle.mjs", "js-notebook"], environment, workingDirectory: Directory, timeout: TimeSpan.FromMinutes(3))).EnsureSuccess();

        using var seen = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]);
        var root = seen.RootElement;
        Assert.Equal("arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/js-notebook", root.GetProperty("arn").GetString());
        Assert.Equal("InService", root.GetProperty("status").GetString());
        Assert.Equal($"js-notebook.notebook.localhost:{server.Url.Port}", root.GetProperty("url").GetString());
        Assert.True(root.GetProperty("created").GetBoolean());
        Assert.StartsWith($"http://js-notebook.notebook.localhost:{server.Url.Port}/?authToken=", root.GetProperty("authorizedUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal(302, root.GetProperty("signedIn").GetProperty("status").GetInt32());
        Assert.Equal("/tree", root.GetProperty("signedIn").GetProperty("location").GetString());
        Assert.Equal(1, root.GetProperty("signedIn").GetProperty("cookie").GetInt32());
    }

    [SkippableFact]
    public async Task TheJavaScriptSdkCreatesDescribesAndDeletesAnEcrRepositoryAndGetsALoginToken()
    {
        Skip.IfNot(File.Exists("/usr/bin/node"), "node is not installed (scripts/test installs nodejs)");
        Skip.IfNot(System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@aws-sdk", "client-ecr")), "tests/js has no node_modules: run `npm ci` there (scripts/test does)");
        var environment = server.ClientEnvironment();
        environment["AWS_ENDPOINT_URL"] = server.Endpoint;

        var result = (await ExternalProcess.RunAsync("/usr/bin/node", ["ecr_repositories.mjs", "js/repository"], environment, workingDirectory: Directory, timeout: TimeSpan.FromMinutes(2))).EnsureSuccess();

        using var seen = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]);
        var root = seen.RootElement;
        Assert.Equal("arn:aws:ecr:us-east-1:000000000000:repository/js/repository", root.GetProperty("arn").GetString());
        Assert.Equal($"127.0.0.1:{server.Url.Port}/js/repository", root.GetProperty("uri").GetString());
        Assert.Equal("IMMUTABLE", root.GetProperty("mutability").GetString());
        Assert.True(root.GetProperty("createdAt").GetBoolean());
        Assert.Equal(0, root.GetProperty("images").GetInt32());
        Assert.Equal("AWS", root.GetProperty("user").GetString());
        Assert.True(root.GetProperty("expiresAt").GetBoolean());
        Assert.Equal($"http://127.0.0.1:{server.Url.Port}", root.GetProperty("proxyEndpoint").GetString());
        Assert.Equal("RepositoryNotFoundException", root.GetProperty("gone").GetProperty("name").GetString());
        Assert.True(root.GetProperty("gone").GetProperty("isModeled").GetBoolean());
    }
}
