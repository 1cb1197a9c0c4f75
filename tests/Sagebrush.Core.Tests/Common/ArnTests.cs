using Sagebrush.Core.Common;

namespace Sagebrush.Core.Tests.Common;

public sealed class ArnTests
{
    private static readonly AccountSettings Account = new("123456789012", "eu-west-1");

    [Fact]
    public void SageMakerArnLowerCasesTheName() =>
        Assert.Equal("arn:aws:sagemaker:eu-west-1:123456789012:training-job/myjob-01", Arn.SageMaker(Account, "training-job", "MyJob-01"));

    [Fact]
    public void SageMakerArnUsesTheDefaultAccountAndRegion() =>
        Assert.Equal("arn:aws:sagemaker:us-east-1:000000000000:model/m", Arn.SageMaker(new AccountSettings(), "model", "m"));

    [Fact]
    public void S3BucketArnHasNoRegionOrAccount() =>
        Assert.Equal("arn:aws:s3:::my-bucket", Arn.S3("my-bucket"));

    [Fact]
    public void S3ObjectArnKeepsTheKeyAsIs() =>
        Assert.Equal("arn:aws:s3:::my-bucket/Data/Train.csv", Arn.S3("my-bucket", "Data/Train.csv"));

    [Fact]
    public void FormatJoinsTheSixParts() =>
        Assert.Equal("arn:aws:iam::000000000000:role/Admin", Arn.Format("iam", "", "000000000000", "role/Admin"));
}
