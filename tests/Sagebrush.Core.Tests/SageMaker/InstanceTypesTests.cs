using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Tests.SageMaker;

public sealed class InstanceTypesTests
{
    [Theory]
    [InlineData("ml.m5.large", 2)]
    [InlineData("ml.m5.xlarge", 4)]
    [InlineData("ml.m5.4xlarge", 16)]
    [InlineData("ml.c5.18xlarge", 72)]
    [InlineData("ml.g5.48xlarge", 192)]
    [InlineData("ml.c4.8xlarge", 36)]
    [InlineData("ml.t3.medium", 2)]
    [InlineData("ml.m6g.medium", 1)]
    public void VCpusFollowTheSize(string type, int vcpus) => Assert.Equal(vcpus, InstanceTypes.VCpus(type));

    [Fact]
    public void EveryTrainingTypeHasAKnownSize() =>
        Assert.All(InstanceTypes.Training, type => Assert.NotNull(InstanceTypes.VCpus(type)));

    [Fact]
    public void TheTrainingListIsTheModelsEnum() => Assert.Equal(49, InstanceTypes.Training.Count);

    [Theory]
    [InlineData("ml.m5.large", 8, 2)]
    [InlineData("ml.m5.24xlarge", 8, 8)]
    [InlineData("ml.m5.xlarge", 2, 2)]
    public void CpuCountIsCappedByThisMachine(string type, int processors, int expected) =>
        Assert.Equal(expected, InstanceTypes.CpuCount(type, processors));
}
