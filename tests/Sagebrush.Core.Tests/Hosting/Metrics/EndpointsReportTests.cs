using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Metrics;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Hosting.Metrics;

public sealed class EndpointsReportTests
{
    private const string Document = """
        {"EndpointName":"churn","EndpointArn":"arn:aws:sagemaker:us-east-1:000000000000:endpoint/churn",
         "EndpointConfigName":"churn-config","EndpointStatus":"InService",
         "ProductionVariants":[
           {"VariantName":"Blue","CurrentWeight":3.0,"DesiredWeight":3.0,"CurrentInstanceCount":2,"DesiredInstanceCount":2},
           {"VariantName":"Green","CurrentWeight":1.0,"DesiredWeight":1.0,"CurrentInstanceCount":1,"DesiredInstanceCount":1}]}
        """;

    [Fact]
    public async Task ShowsEachVariantsStatusInstancesAndMetricsOfTheWindow()
    {
        await using var scope = new MetricsScope();
        var metadataPath = Path.Combine(scope.DataDir, SqliteMetadataStore.FileName);
        await SeedEndpointsAsync(metadataPath, ("churn", Document), ("fresh", """{"EndpointName":"fresh","EndpointStatus":"Creating"}"""));
        for (var i = 1; i <= 100; i++)
        {
            scope.Sink.Record(Invocations.Make(endpoint: "churn", variant: "Blue", modelMicroseconds: i * 100, overheadMicroseconds: 200,
                status: i <= 3 ? 424 : 200, containerStatus: i <= 2 ? 500 : i == 3 ? 400 : 200, time: Invocations.Noon.AddSeconds(-i)));
        }

        // Outside a 5-minute window: not counted.
        scope.Sink.Record(Invocations.Make(endpoint: "churn", variant: "Green", time: Invocations.Noon.AddMinutes(-10)));
        // An endpoint that no longer exists but was called in the window.
        scope.Sink.Record(Invocations.Make(endpoint: "gone", variant: "AllTraffic"));
        await scope.Sink.FlushAsync();

        var output = new StringWriter();
        var endpoints = await EndpointOverviewReader.ReadAsync(metadataPath);
        await EndpointsReport.WriteAsync(output, endpoints, scope.Store, Invocations.Noon.AddSeconds(30), 5);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Invocation metrics for the last 5 minutes (11:56-12:01 UTC)", lines[0], StringComparison.Ordinal);
        Assert.Equal(
            ["ENDPOINT", "STATUS", "VARIANT", "INSTANCES", "INVOCATIONS", "4XX", "5XX", "MODEL", "AVG", "MODEL", "P99", "OVERHEAD", "AVG", "OVERHEAD", "P99"],
            Cells(lines[1]));
        var blue = Cells(lines[2]);
        Assert.Equal(["churn", "InService", "Blue", "2", "100", "1", "2", "5.05"], blue[..8]);
        // p99 comes from a histogram, within 1% of the 99th sample (9.9 ms).
        Assert.InRange(double.Parse(blue[8], System.Globalization.CultureInfo.InvariantCulture), 9.80, 10.00);
        Assert.Equal(["0.20", "0.20"], blue[9..]);
        Assert.Equal(["churn", "InService", "Green", "1", "0", "0", "0", "-", "-", "-", "-"], Cells(lines[3]));
        Assert.Equal(["fresh", "Creating", "-", "-", "0", "0", "0", "-", "-", "-", "-"], Cells(lines[4]));
        Assert.Equal(["gone", "-", "AllTraffic", "-", "1", "0", "0", "1.00", "1.00", "0.10", "0.10"], Cells(lines[5]));
        Assert.Equal(6, lines.Length);

        // Columns line up: every row puts its variant where the header's VARIANT starts.
        var column = lines[1].IndexOf("VARIANT", StringComparison.Ordinal);
        Assert.All(lines[2..], line => Assert.NotEqual(' ', line[column]));
        Assert.All(lines[2..], line => Assert.Equal(' ', line[column - 1]));
    }

    [Fact]
    public async Task WithNoEndpointsAndNoMetricsItSaysSo()
    {
        var output = new StringWriter();
        await EndpointsReport.WriteAsync(output, [], null, Invocations.Noon, 5);
        Assert.Equal("No endpoints.", output.ToString().Trim());
    }

    [Fact]
    public void ADocumentMissingFieldsShowsThemAsUnknown()
    {
        var overview = EndpointOverviewReader.Parse("x", """{"ProductionVariants":[{"VariantName":"A"}]}""");
        Assert.Equal("-", overview.EndpointStatus);
        Assert.Equal(new VariantOverview("A", null, null), Assert.Single(overview.Variants));
        Assert.Empty(EndpointOverviewReader.Parse("y", "not json").Variants);
    }

    private static async Task SeedEndpointsAsync(string metadataPath, params (string Name, string Document)[] endpoints)
    {
        using var store = new SqliteMetadataStore(metadataPath, TimeProvider.System);
        var account = new AccountSettings();
        foreach (var (name, document) in endpoints)
        {
            await store.InsertAsync(
                new ResourceKey(account.AccountId, account.Region, EndpointOverviewReader.ResourceType, name),
                Arn.SageMaker(account, EndpointOverviewReader.ResourceType, name),
                document);
        }

        // A training job is not an endpoint.
        await store.InsertAsync(new ResourceKey(account.AccountId, account.Region, "training-job", "job"), "arn:job", "{}");
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
