using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Tests.SageMaker;

public sealed class InstanceCatalogueTests
{
    public static TheoryData<InstanceUsage> Uses => [.. InstanceUsages.All.Where(u => u != InstanceUsage.Notebook)];

    [Theory]
    [MemberData(nameof(Uses))]
    public void EveryTypeAnOperationAcceptsHasAPriceForThatUse(InstanceUsage usage)
    {
        var accepted = usage switch
        {
            InstanceUsage.Training => InstanceTypes.Training,
            InstanceUsage.Hosting => InstanceTypes.Hosting,
            InstanceUsage.Processing => InstanceTypes.Processing,
            _ => InstanceTypes.Transform,
        };

        Assert.All(accepted, type => Assert.True(InstanceCatalogue.Find(type)?.HourlyPrice(usage) > 0, $"{type} has no {usage} price"));
    }

    [Fact]
    public void AUseThatDoesNotOfferATypeHasNoPriceForIt()
    {
        var t2 = InstanceCatalogue.Find("ml.t2.medium")!;

        Assert.Null(t2.HourlyPrice(InstanceUsage.Training));
        Assert.Equal(0.056m, t2.HourlyPrice(InstanceUsage.Hosting));
        Assert.Equal(0.0464m, t2.HourlyPrice(InstanceUsage.Notebook));
    }

    [Theory]
    [InlineData("ml.m5.large", 2, 8, 0, 0, 0.115)]
    [InlineData("ml.p3.2xlarge", 8, 61, 1, 16, 3.825)]
    [InlineData("ml.g4dn.12xlarge", 48, 192, 4, 64, 4.89)]
    [InlineData("ml.g5.48xlarge", 192, 768, 8, 192, 20.36)]
    public void ARowHoldsTheHardwareAndTheTrainingPrice(string type, int vcpus, double memory, int gpus, int gpuMemory, double price)
    {
        var spec = InstanceCatalogue.Find(type)!;

        Assert.Equal((vcpus, memory, gpus, gpuMemory), (spec.VCpus, spec.MemoryGiB, spec.Gpus, spec.GpuMemoryGiB));
        Assert.Equal((decimal)price, spec.HourlyPrice(InstanceUsage.Training));
    }

    [Fact]
    public void AcceleratorsAreNamedAndAreNotGpus()
    {
        var inf1 = InstanceCatalogue.Find("ml.inf1.6xlarge")!;

        Assert.Equal(0, inf1.Gpus);
        Assert.Equal("AWS Inferentia x4", inf1.Accelerator);
    }

    [Fact]
    public void TheCatalogueSaysWhereItsPricesComeFromAndWhen()
    {
        Assert.Contains(InstanceCatalogue.Notes, n => n.Contains("us-east-1", StringComparison.Ordinal));
        Assert.Contains(InstanceCatalogue.Notes, n => n.Contains("2026-12-03", StringComparison.Ordinal));
        Assert.All(InstanceCatalogue.All, t => Assert.Contains(t.Basis, new[] { "published", "scaled" }));
    }
}
