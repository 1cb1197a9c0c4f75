using Sagebrush.Core.Common;
using Sagebrush.Core.Training;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Tests.Training;

public sealed class TrainingJobValidatorTests
{
    private static AwsException Rejects(CreateTrainingJobRequest request)
    {
        var error = Assert.Throws<AwsException>(() => TrainingJobValidator.Validate(request));
        Assert.Equal("ValidationException", error.Code);
        return error;
    }

    [Fact]
    public void AValidRequestPasses() => TrainingJobValidator.Validate(TrainingRequests.Valid());

    [Fact]
    public void ABadNameIsReportedInAwsWords()
    {
        var error = Rejects(TrainingRequests.Valid("bad_name"));
        Assert.Equal(
            "1 validation error detected: Value 'bad_name' at 'trainingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}",
            error.Message);
    }

    [Fact]
    public void ANameLongerThan63IsTooLong()
    {
        var error = Rejects(TrainingRequests.Valid(new string('a', 64)));
        Assert.Contains("Member must have length less than or equal to 63", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralErrorsAreCountedAndJoined()
    {
        var error = Rejects(TrainingRequests.Valid("-x") with { RoleArn = null });
        Assert.StartsWith("2 validation errors detected: Value '-x' at 'trainingJobName'", error.Message, StringComparison.Ordinal);
        Assert.Contains("; Value null at 'roleArn' failed to satisfy constraint: Member must not be null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingChannelNameIsNull()
    {
        var request = TrainingRequests.Valid();
        request = request with { InputDataConfig = [request.InputDataConfig![0] with { ChannelName = null }] };
        Assert.Contains("Value null at 'inputDataConfig.1.member.channelName' failed to satisfy constraint: Member must not be null", Rejects(request).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownInstanceTypeListsTheValidOnes()
    {
        var request = TrainingRequests.Valid();
        var error = Rejects(request with { ResourceConfig = request.ResourceConfig! with { InstanceType = "ml.t2.medium" } });
        Assert.StartsWith("1 validation error detected: Value 'ml.t2.medium' at 'resourceConfig.instanceType' failed to satisfy constraint: Member must satisfy enum value set: [ml.m4.xlarge, ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Pipe")]
    [InlineData("FastFile")]
    public void PipeAndFastFileAreNotSupportedYet(string mode)
    {
        var request = TrainingRequests.Valid();
        var error = Rejects(request with { AlgorithmSpecification = request.AlgorithmSpecification! with { TrainingInputMode = mode } });
        Assert.Equal($"TrainingInputMode {mode} is not supported by Sagebrush yet; use File.", error.Message);
    }

    [Fact]
    public void AnUnknownInputModeFailsTheEnum()
    {
        var request = TrainingRequests.Valid();
        var error = Rejects(request with { AlgorithmSpecification = request.AlgorithmSpecification! with { TrainingInputMode = "Stream" } });
        Assert.Contains("Member must satisfy enum value set: [Pipe, File, FastFile]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GzipIsOnlyForPipe()
    {
        var request = TrainingRequests.Valid();
        request = request with { InputDataConfig = [request.InputDataConfig![0] with { CompressionType = "Gzip" }] };
        Assert.Contains("CompressionType Gzip is only supported with the Pipe input mode", Rejects(request).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChannelNamesMustBeUnique()
    {
        var request = TrainingRequests.Valid();
        request = request with { InputDataConfig = [request.InputDataConfig![0], request.InputDataConfig[0]] };
        Assert.Contains("Channel names must be unique", Rejects(request).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreThan100HyperParametersAreTooMany()
    {
        var many = Enumerable.Range(0, 101).ToDictionary(i => $"k{i}", i => "v");
        Assert.Contains("at 'hyperParameters' failed to satisfy constraint: Member must have length less than or equal to 100", Rejects(TrainingRequests.Valid() with { HyperParameters = many }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHyperParameterKeyOver256IsTooLong()
    {
        var error = Rejects(TrainingRequests.Valid() with { HyperParameters = new Dictionary<string, string> { [new string('k', 257)] = "v" } });
        Assert.Contains("Map keys must satisfy constraint: [Member must have length less than or equal to 256]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InstanceCountMustBeAtLeastOne()
    {
        var request = TrainingRequests.Valid();
        var error = Rejects(request with { ResourceConfig = request.ResourceConfig! with { InstanceCount = 0 } });
        Assert.Contains("'resourceConfig.instanceCount' failed to satisfy constraint: Member must have value greater than or equal to 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxRuntimeMustBeAtLeastOne()
    {
        var error = Rejects(TrainingRequests.Valid() with { StoppingCondition = new StoppingCondition { MaxRuntimeInSeconds = 0 } });
        Assert.Contains("Value '0' at 'stoppingCondition.maxRuntimeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data/train")]
    [InlineData("https://bucket.s3.amazonaws.com/train")]
    [InlineData("s3:///train")]
    public void S3UrisMustBeS3BucketUris(string uri)
    {
        var request = TrainingRequests.Valid();
        request = request with { OutputDataConfig = new OutputDataConfig { S3OutputPath = uri } };
        Assert.Contains("S3OutputPath", Rejects(request).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AnInvalidMetricRegexIsRejected()
    {
        var request = TrainingRequests.Valid();
        request = request with { AlgorithmSpecification = request.AlgorithmSpecification! with { MetricDefinitions = [new MetricDefinition { Name = "loss", Regex = "loss=(" }] } };
        Assert.Contains("The regular expression 'loss=(' of metric 'loss' is not valid", Rejects(request).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingRequiredMembersAreEachNull()
    {
        var error = Rejects(new CreateTrainingJobRequest());
        Assert.StartsWith("6 validation errors detected: ", error.Message, StringComparison.Ordinal);
        foreach (var member in new[] { "trainingJobName", "algorithmSpecification", "roleArn", "outputDataConfig", "resourceConfig", "stoppingCondition" })
        {
            Assert.Contains($"Value null at '{member}' failed to satisfy constraint: Member must not be null", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AContainerEntrypointOfMoreThanTenPartsAndAnArgumentOver256CharactersAreReportedInAwsWords()
    {
        var request = TrainingRequests.Valid();
        var error = Rejects(request with
        {
            AlgorithmSpecification = request.AlgorithmSpecification! with
            {
                ContainerEntrypoint = [.. Enumerable.Repeat("sh", 11)],
                ContainerArguments = ["ok", new string('x', 257)],
            },
        });
        Assert.Equal(
            "2 validation errors detected: Value '[11 items]' at 'algorithmSpecification.containerEntrypoint' failed to satisfy constraint: Member must have length less than or equal to 10; "
            + $"Value '{new string('x', 257)}' at 'algorithmSpecification.containerArguments.2.member' failed to satisfy constraint: Member must have length less than or equal to 256",
            error.Message);
    }

    [Fact]
    public void AContainerEntrypointIsRefusedForAnImageSagebrushRunsItself()
    {
        var request = TrainingRequests.Valid();
        var error = Assert.Throws<AwsException>(() => TrainingJobService.Check(request with
        {
            AlgorithmSpecification = request.AlgorithmSpecification! with { ContainerEntrypoint = ["python3", "train.py"] },
        }));
        Assert.Equal("ValidationException", error.Code);
        Assert.Contains("replace the entry point of a training image of your own", error.Message, StringComparison.Ordinal);

        var own = TrainingJobService.Check(request with
        {
            AlgorithmSpecification = request.AlgorithmSpecification! with { TrainingImage = "127.0.0.1:5000/mine:1", ContainerArguments = ["fit"] },
        });
        Assert.Equal(Sagebrush.Core.Compute.ImageKind.Container, own.Kind);
    }
}
