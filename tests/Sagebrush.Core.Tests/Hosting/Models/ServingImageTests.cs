using Sagebrush.Core.Common;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Hosting.Models;

namespace Sagebrush.Core.Tests.Hosting.Models;

public sealed class ServingImageTests
{
    private const string Registry = "683313688378.dkr.ecr.us-east-1.amazonaws.com/";

    [Theory]
    [InlineData("sagemaker-scikit-learn:1.2-1-cpu-py3", "sklearn")]
    [InlineData("pytorch-inference:2.1-cpu-py310", "pytorch")]
    [InlineData("huggingface-pytorch-inference:2.1", "pytorch")]
    public void FrameworkInferenceImagesAreScriptMode(string image, string framework)
    {
        var resolved = ServingImage.Resolve(Registry + image, null);

        Assert.Equal(ImageKind.ScriptMode, resolved.Image.Kind);
        Assert.Equal(framework, resolved.Framework);
    }

    [Fact]
    public void SageMakerXGBoostIsScriptModeOnlyWithAProgram()
    {
        var script = ServingImage.Resolve(Registry + "sagemaker-xgboost:1.7-1", new Dictionary<string, string> { ["SAGEMAKER_PROGRAM"] = "inference.py" });
        var builtIn = ServingImage.Resolve(Registry + "sagemaker-xgboost:1.7-1", new Dictionary<string, string>());

        Assert.Equal((ImageKind.ScriptMode, "xgboost"), (script.Image.Kind, script.Framework));
        Assert.Equal((ImageKind.BuiltInAlgorithm, (string?)null), (builtIn.Image.Kind, builtIn.Framework));
        Assert.Equal("sagemaker-xgboost", builtIn.Image.Name);
    }

    [Theory]
    [InlineData("sagebrush/xgboost:latest")]
    [InlineData("811284229777.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1")]
    public void BuiltInAlgorithmImagesAreServedByTheAlgorithmsProgram(string image)
    {
        Assert.Equal(ImageKind.BuiltInAlgorithm, ServingImage.Resolve(image, null).Image.Kind);
    }

    [Theory]
    [InlineData("docker.io/library/nginx:latest")]
    [InlineData("683313688378.dkr.ecr.us-east-1.amazonaws.com/my-own-server:1")]
    [InlineData("683313688378.dkr.ecr.us-east-1.amazonaws.com/tensorflow-inference:2.13-cpu")]
    public void OtherImagesServeFromAContainer(string image)
    {
        var resolved = ServingImage.Resolve(image, null);

        Assert.Equal(ImageKind.Container, resolved.Image.Kind);
        Assert.Null(resolved.Framework);
    }

    [Theory]
    [InlineData("My Model:1")]
    [InlineData("nginx:latest\n")]
    [InlineData("registry/UPPER/case")]
    public void WhatIsNotAnImageReferenceIsRefused(string image)
    {
        var error = Assert.Throws<AwsException>(() => ServingImage.Resolve(image, null));

        Assert.Equal("ValidationException", error.Code);
        Assert.Contains("not a valid image reference", error.Message, StringComparison.Ordinal);
    }
}
