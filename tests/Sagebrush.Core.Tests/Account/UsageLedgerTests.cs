using Sagebrush.Core.Account.Billing;
using Sagebrush.Core.Account.Billing.Shapes;
using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Account;

public sealed class UsageLedgerTests : IDisposable
{
    private const string Job = "arn:aws:sagemaker:us-east-1:000000000000:training-job/night";
    private readonly string directory = Path.Combine(Path.GetTempPath(), "usage-tests-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2026, 12, 2, 23, 59, 0, TimeSpan.Zero));

    public UsageLedgerTests() => Directory.CreateDirectory(directory);

    private string DatabasePath => Path.Combine(directory, SqliteUsageLedger.FileName);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task AStretchIsKeptWithTheResourcesTagsFromStartToStop()
    {
        using var ledger = Ledger();
        var run = await ledger.StartAsync(new MeteredUse(Job, InstanceUsage.Training, "ml.m5.large", 2));
        clock.Advance(TimeSpan.FromSeconds(90));
        await run.StopAsync();
        clock.Advance(TimeSpan.FromSeconds(30));
        await run.StopAsync(); // twice is harmless: the first stop stands

        var record = Assert.Single(await ledger.ReadAsync(clock.GetUtcNow().AddDays(-1), clock.GetUtcNow()));
        Assert.Equal(TimeSpan.FromSeconds(90), record.Ended - record.Started);
        Assert.Equal([new KeyValuePair<string, string>("team", "ml")], record.Tags);
        Assert.Equal(180, record.InstanceSeconds(record.Started, clock.GetUtcNow(), clock.GetUtcNow()));
        Assert.Equal(0.115m * 180 / 3600, record.Cost(180));
    }

    [Fact]
    public async Task WhatACrashLeftOpenEndsAtTheLastHeartbeat()
    {
        using (var crashed = Ledger())
        {
            await crashed.StartAsync(new MeteredUse(Job, InstanceUsage.Training, "ml.m5.large", 1));
            clock.Advance(TimeSpan.FromMinutes(10)); // the server died: no stop and no heartbeat after the start
        }

        clock.Advance(TimeSpan.FromHours(3));
        using var restarted = Ledger();
        var record = Assert.Single(await restarted.ReadAsync(clock.GetUtcNow().AddDays(-1), clock.GetUtcNow()));

        Assert.NotNull(record.Ended);
        Assert.True(record.Ended - record.Started <= TimeSpan.FromMinutes(10), $"{record.Ended - record.Started}");
    }

    [Fact]
    public async Task CostExplorerSplitsUsageAtMidnightAndGroupsByUsageTypeAndTag()
    {
        using var ledger = Ledger();
        var run = await ledger.StartAsync(new MeteredUse(Job, InstanceUsage.Training, "ml.m5.large", 1));
        clock.Advance(TimeSpan.FromMinutes(2)); // 23:59 to 00:01: one minute on each day
        await run.StopAsync();
        var costs = new CostExplorer(ledger, new AccountSettings(), clock);

        var daily = await costs.GetCostAndUsageAsync(new GetCostAndUsageRequest
        {
            TimePeriod = new DateInterval("2026-12-02", "2026-12-04"),
            Granularity = "DAILY",
            Metrics = ["UnblendedCost", "UsageQuantity"],
            GroupBy = [new GroupDefinition("DIMENSION", "USAGE_TYPE"), new GroupDefinition("TAG", "team")],
        });

        Assert.Equal(["2026-12-02", "2026-12-03"], daily.ResultsByTime.Select(r => r.TimePeriod.Start));
        Assert.All(daily.ResultsByTime, day =>
        {
            var group = Assert.Single(day.Groups);
            Assert.Equal(["USE1-Train:ml.m5.large", "team$ml"], group.Keys);
            Assert.Equal((0.115m / 60).ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture), group.Metrics["UnblendedCost"].Amount);
            Assert.Equal("USD", group.Metrics["UnblendedCost"].Unit);
            Assert.Equal("Hrs", group.Metrics["UsageQuantity"].Unit);
            Assert.Empty(day.Total);
        });
    }

    [Fact]
    public async Task CostExplorerRefusesWhatItDoesNotAnswer()
    {
        using var ledger = Ledger();
        var costs = new CostExplorer(ledger, new AccountSettings(), clock);

        var backwards = await Assert.ThrowsAsync<AwsException>(() => costs.GetCostAndUsageAsync(new GetCostAndUsageRequest
        {
            TimePeriod = new DateInterval("2026-12-03", "2026-12-01"), Granularity = "DAILY", Metrics = ["UnblendedCost"],
        }));
        var unknownMetric = await Assert.ThrowsAsync<AwsException>(() => costs.GetCostAndUsageAsync(new GetCostAndUsageRequest
        {
            TimePeriod = new DateInterval("2026-12-01", "2026-12-03"), Granularity = "DAILY", Metrics = ["NormalizedUsageAmount"],
        }));

        Assert.Equal("ValidationException", backwards.Code);
        Assert.Contains("NormalizedUsageAmount", unknownMetric.Message, StringComparison.Ordinal);
    }

    private SqliteUsageLedger Ledger() => new(
        DatabasePath,
        clock,
        (_, _) => Task.FromResult<IReadOnlyList<KeyValuePair<string, string>>>([new("team", "ml")]));
}
