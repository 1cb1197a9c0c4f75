using Sagebrush.Core.Hosting.Instances;
using Sagebrush.Core.Hosting.Routing;
using Sagebrush.Core.Hosting.Zones;
using Sagebrush.Core.Hosting.Shapes;

namespace Sagebrush.Core.Tests.Hosting.Routing;

public sealed class VariantChooserTests
{
    [Fact]
    public void WeightsThreeToOneSplitCallsThreeToOne()
    {
        var chooser = new VariantChooser(seed: 42);
        VariantRoute[] variants = [Route("A", 3), Route("B", 1)];

        var a = Enumerable.Range(0, 100_000).Count(_ => chooser.Choose(variants)!.Name == "A");

        Assert.InRange(a, 74_000, 76_000);
    }

    [Fact]
    public void AVariantWithWeightZeroGetsNoCalls()
    {
        var chooser = new VariantChooser(seed: 1);
        VariantRoute[] variants = [Route("A", 0), Route("B", 2)];

        Assert.All(Enumerable.Range(0, 1000), _ => Assert.Equal("B", chooser.Choose(variants)!.Name));
    }

    [Fact]
    public void AllWeightsZeroChooseNothing()
    {
        var chooser = new VariantChooser(seed: 1);

        Assert.Null(chooser.Choose([Route("A", 0), Route("B", 0)]));
        Assert.Null(chooser.Choose([Route("A", 0)]));
    }

    [Fact]
    public void TheSameSeedChoosesTheSameSequence()
    {
        VariantRoute[] variants = [Route("A", 1), Route("B", 1), Route("C", 1)];
        var first = new VariantChooser(7);
        var second = new VariantChooser(7);

        Assert.Equal(
            Enumerable.Range(0, 200).Select(_ => first.Choose(variants)!.Name),
            Enumerable.Range(0, 200).Select(_ => second.Choose(variants)!.Name));
    }

    [Fact]
    public void AVariantWithoutHealthyInstancesPicksNone()
    {
        Assert.Null(Route("A", 1).Pick());
    }

    private static VariantRoute Route(string name, float weight) => new(
        new VariantSpec { VariantName = name, ModelName = "m", Image = "i", InstanceType = "ml.m5.large", InstanceCount = 1, Weight = weight },
        _ => throw new InvalidOperationException("no instances in this test"),
        Array.Empty<DeployedImage>(),
        AvailabilityZones.Single);
}
