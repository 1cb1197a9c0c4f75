using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Tests.Account;

public sealed class QuotaCatalogueTests
{
    [Fact]
    public void EveryTypeAnOperationAcceptsHasAPerTypeQuota()
    {
        var uses = new (InstanceUsage Usage, IReadOnlyList<string> Types)[]
        {
            (InstanceUsage.Training, InstanceTypes.Training), (InstanceUsage.Hosting, InstanceTypes.Hosting),
            (InstanceUsage.Processing, InstanceTypes.Processing), (InstanceUsage.Transform, InstanceTypes.Transform),
        };

        foreach (var (usage, types) in uses)
        {
            Assert.All(types, type => Assert.Contains(QuotaCatalogue.Limiting(usage, type), q => q.Scope!.InstanceType == type));
        }
    }

    [Fact]
    public void QuotasAreReadForWhatTheyLimit()
    {
        Assert.Equal(new InstanceQuotaScope(InstanceUsage.Training, "ml.p3.2xlarge", false), QuotaCatalogue.Find("L-D438008E")!.Scope);
        Assert.Equal(new InstanceQuotaScope(InstanceUsage.Training, null, false), QuotaCatalogue.Find("L-00C91CB5")!.Scope);
        Assert.Equal(new InstanceQuotaScope(InstanceUsage.Hosting, null, true), QuotaCatalogue.Find("L-ED8DEE9B")!.Scope);
        Assert.Null(QuotaCatalogue.Find("L-29688C85")!.Scope); // ml.m5.large for spot training job usage: listed, not enforced
    }

    [Fact]
    public void AClaimIsCheckedPerResourceThenPerTypeThenAcrossTheAccount()
    {
        var names = QuotaCatalogue.Limiting(InstanceUsage.Training, "ml.m5.large").Select(q => q.Name).ToList();

        Assert.Equal(
            ["Maximum number of instances per training job", "ml.m5.large for training job usage", "Number of instances across all training jobs"],
            names);
    }

    [Fact]
    public void CodesAreUniqueAndLookLikeAwss() =>
        Assert.All(QuotaCatalogue.All.GroupBy(q => q.Code), g => Assert.Matches("^L-[0-9A-F]{8}$", Assert.Single(g).Code));
}
