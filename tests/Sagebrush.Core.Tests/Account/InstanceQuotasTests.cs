using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Account;

public sealed class InstanceQuotasTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "instance-quota-tests-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly SqliteMetadataStore metadata;
    private readonly List<HeldInstances> held = [];

    public InstanceQuotasTests()
    {
        Directory.CreateDirectory(directory);
        metadata = new SqliteMetadataStore(Path.Combine(directory, "metadata.db"), clock);
    }

    public void Dispose()
    {
        metadata.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task AGpuTypeAtZeroIsRefusedInSageMakersWords()
    {
        var refused = await Assert.ThrowsAsync<AwsException>(() => Quotas().AdmitAsync([Claim("a", "ml.p3.2xlarge", 1)]));

        Assert.Equal("ResourceLimitExceeded", refused.Code);
        Assert.StartsWith(
            "The account-level service limit 'ml.p3.2xlarge for training job usage' is 0 Instances, with current utilization of 0 Instances and a request delta of 1 Instances. Please use AWS Service Quotas to request an increase for this quota.",
            refused.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatOthersHoldCountsTowardsTheQuota()
    {
        held.Add(Claim("running", "ml.m5.large", 18));
        var quotas = Quotas(new QuotaOptions { HostInstanceCapacity = 20 });

        (await quotas.AdmitAsync([Claim("fits", "ml.m5.large", 2)])).Dispose();
        var refused = await Assert.ThrowsAsync<AwsException>(() => quotas.AdmitAsync([Claim("too-many", "ml.m5.large", 3)]));

        Assert.Contains("current utilization of 18 Instances and a request delta of 3 Instances", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResourceThatGrowsCountsOnlyWhatItAdds()
    {
        held.Add(Claim("endpoint", "ml.m5.large", 19, InstanceUsage.Hosting));
        var quotas = Quotas();

        var refused = await Assert.ThrowsAsync<AwsException>(() => quotas.AdmitAsync([Claim("endpoint", "ml.m5.large", 22, InstanceUsage.Hosting)]));
        Assert.Contains("Maximum number of instances per endpoint", refused.Message, StringComparison.Ordinal);

        (await quotas.AdmitAsync([Claim("endpoint", "ml.m5.large", 20, InstanceUsage.Hosting)])).Dispose();
    }

    [Fact]
    public async Task TheSecondCreationWaitsForTheFirstToBeRecorded()
    {
        var quotas = Quotas();
        var first = await quotas.AdmitAsync([Claim("a", "ml.m5.large", 1)]);
        var second = quotas.AdmitAsync([Claim("b", "ml.m5.large", 1)]);

        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second).Dispose();
    }

    private InstanceQuotas Quotas(QuotaOptions? options = null) =>
        new(new QuotaService(metadata, new AccountSettings(), options ?? new QuotaOptions(), clock), [new InstanceHolder<HeldInstances>(_ => Task.FromResult<IReadOnlyList<HeldInstances>>(held), h => [h])]);

    private static HeldInstances Claim(string name, string type, int count, InstanceUsage usage = InstanceUsage.Training) =>
        new($"arn:aws:sagemaker:us-east-1:000000000000:thing/{name}", usage, type, count);
}
