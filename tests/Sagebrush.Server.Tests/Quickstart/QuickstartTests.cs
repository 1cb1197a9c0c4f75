using System.Globalization;
using System.Text.RegularExpressions;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Quickstart;

/// <summary>
/// The project's main job: `sagebrush quickstart` on its embedded server, and the same loop as the README shows it
/// with the AWS CLI and boto3 (examples/), against a real server. Each must train the built-in XGBoost on the breast
/// cancer data, deploy it and score the held-out rows well.
/// </summary>
public sealed partial class QuickstartTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task TheQuickstartCommandTrainsDeploysPredictsAndCleansUp()
    {
        var result = (await ExternalProcess.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "sagebrush.dll"), "quickstart"],
            SagebrushServerFixture.ClientEnvironment("us-east-1"),
            timeout: Limit)).EnsureSuccess();

        Assert.Contains("CreateTrainingJob", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("validation:auc", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Cleaning up", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(Accuracy(result.StandardOutput) >= 0.9, result.StandardOutput);
    }

    [Fact]
    public async Task TheAwsCliExampleRunsTheWholeLoop()
    {
        var result = (await ExternalProcess.RunAsync(
            "/bin/bash",
            [Path.Combine(RepositoryPaths.Examples, "xgboost-endpoint-cli.sh"), server.Endpoint],
            server.ClientEnvironment(),
            timeout: Limit)).EnsureSuccess();

        Assert.True(Accuracy(result.StandardOutput) >= 0.9, result.StandardOutput);
    }

    [Fact]
    public async Task TheBoto3ExampleRunsTheWholeLoop()
    {
        var result = (await ExternalProcess.RunAsync(
            Boto3.Python,
            [Path.Combine(RepositoryPaths.Examples, "xgboost_endpoint_boto3.py"), server.Endpoint],
            server.ClientEnvironment(),
            timeout: Limit)).EnsureSuccess();

        Assert.True(Accuracy(result.StandardOutput) >= 0.9, result.StandardOutput);
    }

    private static double Accuracy(string output)
    {
        var match = AccuracyLine().Match(output);
        Assert.True(match.Success, "no accuracy line in:\n" + output);
        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        return match.Groups["percent"].Success ? value / 100 : value;
    }

    [GeneratedRegex(@"accuracy (?<value>[0-9.]+)(?<percent>\s?%)?")]
    private static partial Regex AccuracyLine();
}
