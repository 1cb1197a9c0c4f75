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
    [InlineData("ml.m6g.large", 2)]
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

    [Theory]
    [InlineData("ml.m5.large", 8)]
    [InlineData("ml.c5.xlarge", 8)]
    [InlineData("ml.r5.2xlarge", 64)]
    [InlineData("ml.t2.medium", 4)]
    [InlineData("ml.c4.8xlarge", 60)]
    [InlineData("ml.p3.2xlarge", 61)]
    [InlineData("ml.g5.48xlarge", 768)]
    public void MemoryIsTheTypesAsEc2SizesIt(string type, double gib) => Assert.Equal(gib, InstanceTypes.MemoryGiB(type));

    [Fact]
    public void EveryTrainingAndHostingTypeHasAKnownMemory() =>
        Assert.All(InstanceTypes.Training.Concat(InstanceTypes.Hosting), type => Assert.NotNull(InstanceTypes.MemoryGiB(type)));

    [Theory]
    [InlineData("ml.m5.large", 0)]
    [InlineData("ml.g4dn.xlarge", 1)]
    [InlineData("ml.p3.16xlarge", 8)]
    [InlineData("ml.g5.12xlarge", 4)]
    public void GpusCountTheAccelerators(string type, int gpus) => Assert.Equal(gpus, InstanceTypes.Gpus(type));

    [Fact]
    public void AHostGetsItsTypesMemoryAndVolumeWhateverThisMachineHas()
    {
        var resources = InstanceTypes.Resources("ml.m5.4xlarge", volumeSizeInGB: 3, processorCount: 2);

        Assert.Equal(2, resources.VCpus);
        Assert.Equal(64L << 30, resources.MemoryBytes);
        Assert.Equal(3L << 30, resources.VolumeBytes);
        Assert.Equal(16 * 256, resources.MaxProcesses);
    }
}
