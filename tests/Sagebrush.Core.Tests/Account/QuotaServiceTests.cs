using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.Account.Quotas.Shapes;
using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Account;

public sealed class QuotaServiceTests : IDisposable
{
    private const string P3Training = "L-D438008E";
    private readonly string directory = Path.Combine(Path.GetTempPath(), "quota-tests-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
    private readonly SqliteMetadataStore metadata;

    public QuotaServiceTests()
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
    public void GpuTypesStartAtAwsDefaultAndCpuTypesAtTheHostCapacity()
    {
        var quotas = Service();

        Assert.Equal(0, quotas.StartingValue(QuotaCatalogue.Find(P3Training)!));
        Assert.Equal(20, quotas.StartingValue(QuotaCatalogue.Find("L-611FA074")!)); // ml.m5.large for training job usage
        Assert.Equal(20, quotas.StartingValue(QuotaCatalogue.Find("L-00C91CB5")!)); // across all training jobs (AWS: 4)
        Assert.Equal(2, quotas.StartingValue(QuotaCatalogue.Find("L-F0067944")!)); // parallel compilation jobs: not enforced
    }

    [Fact]
    public void AnAccountStartedAtAwsDefaultsHasTheNewAccountsZeroes()
    {
        var quotas = Service(new QuotaOptions { StartAtAwsDefaults = true });

        Assert.Equal(0, quotas.StartingValue(QuotaCatalogue.Find("L-611FA074")!));
        Assert.Equal(4, quotas.StartingValue(QuotaCatalogue.Find("L-00C91CB5")!));
    }

    [Fact]
    public async Task AnIncreaseGoesPendingThenCaseOpenedThenApprovedAndRaisesTheQuota()
    {
        var quotas = Service();
        var request = await quotas.RequestIncreaseAsync(new RequestIncreaseRequest("sagemaker", P3Training, 2), "me");
        Assert.Equal("PENDING", request.Status);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("CASE_OPENED", (await quotas.GetRequestAsync(request.Id)).Status);
        Assert.Equal(0, (await quotas.GetAsync(new GetQuotaRequest("sagemaker", P3Training))).Value);

        clock.Advance(TimeSpan.FromSeconds(1));
        var decided = await quotas.GetRequestAsync(request.Id);
        Assert.Equal("APPROVED", decided.Status);
        Assert.Contains("within what this host runs", decided.SagebrushReason, StringComparison.Ordinal);
        Assert.Equal(2, (await quotas.GetAsync(new GetQuotaRequest("sagemaker", P3Training))).Value);
        Assert.Equal(0, quotas.GetDefault(new GetQuotaRequest("sagemaker", P3Training)).Value);
    }

    [Fact]
    public async Task AnIncreaseBeyondTheHostIsDeniedAndTheQuotaStays()
    {
        var quotas = Service();
        var request = await quotas.RequestIncreaseAsync(new RequestIncreaseRequest("sagemaker", P3Training, 21), "me");
        clock.Advance(TimeSpan.FromSeconds(5));

        var decided = await quotas.GetRequestAsync(request.Id);
        Assert.Equal("DENIED", decided.Status);
        Assert.Contains("at most 20 instances", decided.SagebrushReason, StringComparison.Ordinal);
        Assert.Equal(0, (await quotas.GetAsync(new GetQuotaRequest("sagemaker", P3Training))).Value);
    }

    [Fact]
    public async Task OnlyOneRequestPerQuotaMayBeOpen()
    {
        var quotas = Service();
        await quotas.RequestIncreaseAsync(new RequestIncreaseRequest("sagemaker", P3Training, 1), "me");

        var second = await Assert.ThrowsAsync<AwsException>(() => quotas.RequestIncreaseAsync(new RequestIncreaseRequest("sagemaker", P3Training, 2), "me"));

        Assert.Equal("ResourceAlreadyExistsException", second.Code);
    }

    [Fact]
    public async Task ADesiredValueNotAboveTheCurrentOneIsRefused()
    {
        var refused = await Assert.ThrowsAsync<AwsException>(() => Service().RequestIncreaseAsync(new RequestIncreaseRequest("sagemaker", "L-611FA074", 20), "me"));

        Assert.Equal("IllegalArgumentException", refused.Code);
    }

    [Fact]
    public async Task ListsPageAndHistoryIsNewestFirst()
    {
        var quotas = Service();
        var first = await quotas.ListAsync(new ListQuotasRequest("sagemaker", MaxResults: 100));
        var second = await quotas.ListAsync(new ListQuotasRequest("sagemaker", first.NextToken, 100));
        Assert.Equal(100, first.Quotas.Count);
        Assert.DoesNotContain(second.Quotas, q => first.Quotas.Any(f => f.QuotaCode == q.QuotaCode));

        var older = await quotas.RequestIncreaseAsync(new RequestIncreaseRequest("sagemaker", P3Training, 1), "me");
        clock.Advance(TimeSpan.FromSeconds(1));
        var newer = await quotas.RequestIncreaseAsync(new RequestIncreaseRequest("sagemaker", "L-3F53BF0F", 1), "me");
        var history = await quotas.ListRequestsAsync(new ListRequestHistoryRequest("sagemaker"), byQuota: false);
        Assert.Equal([newer.Id, older.Id], history.RequestedQuotas.Select(r => r.Id));
        var byQuota = await quotas.ListRequestsAsync(new ListRequestHistoryRequest("sagemaker", P3Training), byQuota: true);
        Assert.Equal(older.Id, Assert.Single(byQuota.RequestedQuotas).Id);
    }

    [Fact]
    public async Task AnotherServiceIsNoSuchResource()
    {
        var missing = await Assert.ThrowsAsync<AwsException>(() => Service().ListAsync(new ListQuotasRequest("ec2")));

        Assert.Equal("NoSuchResourceException", missing.Code);
    }

    private QuotaService Service(QuotaOptions? options = null) => new(metadata, new AccountSettings(), options ?? new QuotaOptions(), clock);
}
