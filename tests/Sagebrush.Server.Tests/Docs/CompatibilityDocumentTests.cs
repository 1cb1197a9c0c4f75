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
