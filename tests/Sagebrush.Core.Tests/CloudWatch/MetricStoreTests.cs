using Sagebrush.Core.CloudWatch;
using Sagebrush.Core.CloudWatch.Shapes;
using Sagebrush.Core.CloudWatch.Store;
using Sagebrush.Core.Common;

namespace Sagebrush.Core.Tests.CloudWatch;

public sealed class MetricStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 15, 4, 30, TimeSpan.Zero);
    private readonly string directory = Directory.CreateTempSubdirectory("sagebrush-cw-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static PutMetricDataRequest Put(params MetricDatum[] data) => new() { Namespace = "App", MetricData = [.. data] };

    private static MetricDatum Datum(double? value = null, List<double>? values = null, List<double>? counts = null, StatisticSet? set = null, DateTimeOffset? at = null, string? unit = null) => new()
    {
        MetricName = "Latency",
        Dimensions = [new Dimension { Name = "Service", Value = "api" }],
        Value = value,
        Values = values,
        Counts = counts,
        StatisticValues = set,
        Timestamp = at ?? Now,
        Unit = unit,
    };

    [Fact]
    public async Task ValuesCountsAndStatisticSetsAggregatePerPeriodAlignedToTheEpoch()
    {
        using var store = new SqliteMetricStore(Path.Combine(directory, "m.db"));
        foreach (var (key, rows) in MetricDataCheck.Rows(Put(Datum(values: [1, 2, 3], counts: [1, 1, 2]), Datum(set: new StatisticSet { SampleCount = 2, Sum = 30, Minimum = 10, Maximum = 20 }), Datum(value: 7, at: Now.AddMinutes(1))), Now))
        {
            await store.PutAsync(key, rows);
        }

        var key1 = new MetricKey("App", "Latency", new Dictionary<string, string> { ["Service"] = "api" });
        var rowsBack = await store.QueryAsync(key1, Now.AddMinutes(-5), Now.AddMinutes(5));
        var points = PeriodAggregator.Aggregate(rowsBack, TimeSpan.FromMinutes(1), ["Sum", "SampleCount", "Minimum", "Maximum", "Average"], ["p50", "p100"]);
        Assert.Equal(2, points.Count);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 15, 4, 0, TimeSpan.Zero), points[0].Timestamp);
        Assert.Equal(39, points[0].Statistics["Sum"]);        // 1 + 2 + 3*2 + 30
        Assert.Equal(6, points[0].Statistics["SampleCount"]);
        Assert.Equal(1, points[0].Statistics["Minimum"]);
        Assert.Equal(20, points[0].Statistics["Maximum"]);
        Assert.Equal(6.5, points[0].Statistics["Average"]);
        Assert.Equal(2, points[0].ExtendedStatistics["p50"]);  // over the single values 1, 2, 3
        Assert.Equal(7, points[1].Statistics["Sum"]);
        Assert.Single(await store.ListAsync("App", Now.AddDays(-14)));
        Assert.Empty(await store.ListAsync("Other", Now.AddDays(-14)));
        // Another dimension set is another metric.
        Assert.Empty(await store.QueryAsync(key1 with { Dimensions = new Dictionary<string, string>() }, Now.AddMinutes(-5), Now.AddMinutes(5)));
    }

    [Fact]
    public void PutMetricDataIsCheckedAsCloudWatchChecksIt()
    {
        AwsException Refusal(PutMetricDataRequest request) => Assert.Throws<AwsException>(() => MetricDataCheck.Rows(request, Now).ToList());

        Assert.Equal("The value AWS/SageMaker for parameter Namespace is invalid.", Refusal(new PutMetricDataRequest { Namespace = "AWS/SageMaker", MetricData = [Datum(value: 1)] }).Message);
        Assert.Equal("InvalidParameterCombination", Refusal(Put(Datum(value: 1, set: new StatisticSet { SampleCount = 1, Sum = 1, Minimum = 1, Maximum = 1 }))).Code);
        Assert.Equal("MissingParameter", Refusal(Put(Datum())).Code);
        Assert.Equal("The value NaN for parameter MetricData.member.1.Value is invalid.", Refusal(Put(Datum(value: double.NaN))).Message);
        Assert.Contains("two weeks", Refusal(Put(Datum(value: 1, at: Now.AddDays(-15)))).Message, StringComparison.Ordinal);
        Assert.Equal("The value Furlongs for parameter MetricData.member.1.Unit is invalid.", Refusal(Put(Datum(value: 1, unit: "Furlongs"))).Message);
        Assert.Equal("InvalidParameterValue", Refusal(Put(Datum(values: [1, 2], counts: [1]))).Code);
    }
}
