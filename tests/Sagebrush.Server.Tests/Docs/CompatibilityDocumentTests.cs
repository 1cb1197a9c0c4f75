using System.Text.Json;
using Sagebrush.Core.Common;
using Sagebrush.Core.Logs;
using Sagebrush.Server.Api.AutoScaling;
using Sagebrush.Server.Api.CloudWatch;
using Sagebrush.Server.Api.CostExplorer;
using Sagebrush.Server.Api.Iam;
using Sagebrush.Server.Api.ServiceQuotas;
using Sagebrush.Server.Api.Logs;
using Sagebrush.Server.Api.S3;
using Sagebrush.Server.Api.SageMaker;
using Sagebrush.Server.Api.Sts;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Docs;

/// <summary>docs/compatibility.md names real operations (as botocore's models name them) and every routed operation.</summary>
public sealed class CompatibilityDocumentTests
{
    private const string BotocoreData = "/usr/lib/python3/dist-packages/awscli/botocore/data";

    /// <summary>
    /// Operations AWS added after the Debian botocore model this machine has (checked against the AWS API reference
    /// instead): DeleteHyperParameterTuningJob and DeleteCompilationJob (2023).
    /// </summary>
    private static readonly string[] NewerThanTheLocalModel = ["DeleteHyperParameterTuningJob", "DeleteCompilationJob"];

    [Theory]
    [InlineData("S3", "s3")]
    [InlineData("SageMaker", "sagemaker")]
    [InlineData("SageMaker Runtime", "sagemaker-runtime")]
    [InlineData("CloudWatch Logs", "logs")]
    [InlineData("STS", "sts")]
    [InlineData("IAM", "iam")]
    [InlineData("CloudWatch", "cloudwatch")]
    [InlineData("Application Auto Scaling", "application-autoscaling")]
    [InlineData("Service Quotas", "service-quotas")]
    [InlineData("Cost Explorer", "ce")]
    [InlineData("ECR", "ecr")]
    public void EveryDocumentedOperationExistsInTheBotocoreModel(string section, string modelName)
    {
        var modelOperations = ModelOperations(modelName);
        modelOperations.UnionWith(NewerThanTheLocalModel);

        var documented = DocumentedOperations(section);

        Assert.NotEmpty(documented);
        Assert.All(documented, operation => Assert.Contains(operation, modelOperations));
    }

    [Fact]
    public void EveryRoutedS3OperationIsDocumented()
    {
        Assert.Equal(Enum.GetNames<S3Operation>().Order(), DocumentedOperations("S3").Order());
    }

    /// <summary>
    /// Every S3 header and query parameter the S3 API's code names (a string literal that is an <c>x-amz-</c> header, a
    /// <c>response-</c> override, or a key it looks up in the query or the headers) appears in the S3 section: what the
    /// server honours is what the document says it honours.
    /// </summary>
    [Fact]
    public void EveryHeaderAndQueryParameterTheS3ApiReadsIsDocumented()
    {
        var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lookups = new System.Text.RegularExpressions.Regex(
            @"(?:Headers|Query)\[""([^""]+)""\]|ContainsKey\(""([^""]+)""\)|TryGetValue\(""([^""]+)""|(?:IntQuery|HeaderInt)\(call, ""([^""]+)""|""((?:x-amz-|response-)[a-z0-9-]+)""");
        var sources = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src", "Sagebrush.Server", "Api", "S3"), "*.cs");
        foreach (var source in sources)
        {
            foreach (System.Text.RegularExpressions.Match match in lookups.Matches(File.ReadAllText(source)))
            {
                named.Add(match.Groups.Values.Skip(1).First(group => group.Success).Value);
            }
        }

        var document = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "compatibility.md"));
        var s3 = document[document.IndexOf("## S3 (", StringComparison.Ordinal)..document.IndexOf("## SageMaker (", StringComparison.Ordinal)];

        Assert.True(named.Count > 40, $"only {named.Count} names found: the pattern no longer matches the code");
        Assert.All(named, name => Assert.True(s3.Contains(name, StringComparison.OrdinalIgnoreCase), $"{name} is read by the S3 API but not in docs/compatibility.md"));
    }

    [Fact]
    public void EveryRoutedSageMakerOperationIsDocumented()
    {
        Assert.Equal(SageMakerApi.OperationNames.Order(), DocumentedOperations("SageMaker").Order());
    }

    [Fact]
    public void EveryRoutedLogsOperationIsDocumented()
    {
        var dataDir = Directory.CreateTempSubdirectory("sagebrush-docs-").FullName;
        try
        {
            using var store = SqliteLogStore.InDataDir(dataDir, TimeProvider.System);
            var api = new LogsApi(store, new AccountSettings(), TimeProvider.System);

            Assert.Equal(api.Operations.Keys.Order(), DocumentedOperations("CloudWatch Logs").Order());
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public void EveryRoutedStsAndIamOperationIsDocumented()
    {
        Assert.Equal(new StsApi(null!).Operations.Keys.Order(), DocumentedOperations("STS").Order());
        Assert.Equal(new IamApi(null!).Operations.Keys.Order(), DocumentedOperations("IAM").Order());
        Assert.Equal(new CloudWatchApi(null!, null!).Operations.Keys.Order(), DocumentedOperations("CloudWatch").Order());
        // Both protocols carry the same operations.
        Assert.Equal(new CloudWatchApi(null!, null!).Operations.Keys.Order(), new CloudWatchJsonApi(null!, null!).Operations.Keys.Order());
    }

    [Fact]
    public void EveryRoutedServiceQuotasAndCostExplorerOperationIsDocumented()
    {
        Assert.Equal(new ServiceQuotasApi(null!, new AccountSettings()).Operations.Keys.Order(), DocumentedOperations("Service Quotas").Order());
        Assert.Equal(new CostExplorerApi(null!).Operations.Keys.Order(), DocumentedOperations("Cost Explorer").Order());
        Assert.Equal(new ApplicationAutoScalingApi(null!).Operations.Keys.Order(), DocumentedOperations("Application Auto Scaling").Order());
        Assert.Equal(new Sagebrush.Server.Api.Ecr.EcrApi(null!).Operations.Keys.Order(), DocumentedOperations("ECR").Order());
    }

    private static HashSet<string> ModelOperations(string modelName)
    {
        var version = Directory.GetDirectories(Path.Combine(BotocoreData, modelName)).Order().Last();
        using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(version, "service-2.json")));
        return model.RootElement.GetProperty("operations").EnumerateObject().Select(o => o.Name).ToHashSet();
    }

    /// <summary>The first column of the table under "## {section} (" in docs/compatibility.md.</summary>
    private static List<string> DocumentedOperations(string section)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "docs", "compatibility.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith($"## {section} (", StringComparison.Ordinal));
        Assert.True(start >= 0, $"docs/compatibility.md has no section '{section}'");
        return lines.Skip(start + 1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)[1])
            .Where(cell => cell is not ("operation" or "---" or "failure") && !cell.StartsWith("---", StringComparison.Ordinal))
            .Where(cell => !cell.Contains(' ', StringComparison.Ordinal))
            .ToList();
    }
}
