using Sagebrush.Core.Common;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Training;

namespace Sagebrush.Core.Tests.Training;

public sealed class TrainingImageResolverTests
{
    private static readonly Dictionary<string, string> Script = new() { ["sagemaker_program"] = "\"train.py\"" };

    [Theory]
    [InlineData("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", "sagemaker-scikit-learn", "1.2-1-cpu-py3")]
    [InlineData("763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.0.0-cpu-py310", "pytorch-training", "2.0.0-cpu-py310")]
    [InlineData("727897471807.dkr.ecr.cn-north-1.amazonaws.com.cn/tensorflow-training:2.13-cpu", "tensorflow-training", "2.13-cpu")]
    [InlineData("763104351884.dkr.ecr.ap-south-1.amazonaws.com/huggingface-pytorch-training:2.0-transformers4.28-gpu", "huggingface-pytorch-training", "2.0-transformers4.28-gpu")]
    [InlineData("sagebrush/sagemaker-scikit-learn:1.2-1", "sagemaker-scikit-learn", "1.2-1")]
    public void FrameworkImagesOfAnyAccountAndRegionAreScriptMode(string image, string name, string tag)
    {
        var resolved = TrainingImageResolver.Resolve(image, Script);
        Assert.Equal(new ResolvedImage(image, ImageKind.ScriptMode, name, tag), resolved);
    }

    [Fact]
    public void SageMakerXGBoostWithAProgramIsScriptMode() =>
        Assert.Equal(ImageKind.ScriptMode, TrainingImageResolver.Resolve("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", Script).Kind);

    [Fact]
    public void SageMakerXGBoostWithoutAProgramIsTheBuiltInAlgorithm()
    {
        var resolved = TrainingImageResolver.Resolve("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", new Dictionary<string, string> { ["num_round"] = "10" });
        Assert.Equal(ImageKind.BuiltInAlgorithm, resolved.Kind);
        Assert.Equal("sagemaker-xgboost", resolved.Name);
    }

    [Theory]
    [InlineData("382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1", "linear-learner")]
    [InlineData("811284229777.dkr.ecr.us-east-1.amazonaws.com/xgboost:latest", "xgboost")]
    [InlineData("sagebrush/kmeans:1", "kmeans")]
    [InlineData("sagebrush/pca", "pca")]
    public void BuiltInAlgorithmsResolveByName(string image, string name)
    {
        var resolved = TrainingImageResolver.Resolve(image, null);
        Assert.Equal(ImageKind.BuiltInAlgorithm, resolved.Kind);
        Assert.Equal(name, resolved.Name);
    }

    [Theory]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com/my-own-image:1")]
    [InlineData("docker.io/library/python:3.12")]
    [InlineData("sagebrush/unknown:1")]
    public void AnyOtherImageTrainsInAContainer(string image)
    {
        var resolved = TrainingImageResolver.Resolve(image, Script);
        Assert.Equal(ImageKind.Container, resolved.Kind);
        Assert.Equal(image, resolved.Image);
    }

    [Fact]
    public void WhatIsNotAnImageReferenceIsRefused()
    {
        var error = Assert.Throws<AwsException>(() => TrainingImageResolver.Resolve("my image", Script));
        Assert.Equal("ValidationException", error.Code);
        Assert.Contains("not a valid image reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NeosImageServesCompiledModelsAndDoesNotTrain()
    {
        var error = Assert.Throws<AwsException>(() => TrainingImageResolver.Resolve("785573368785.dkr.ecr.us-east-1.amazonaws.com/xgboost-neo:latest", null));
        Assert.Equal("ValidationException", error.Code);
        Assert.Contains("CreateCompilationJob", error.Message, StringComparison.Ordinal);
    }
}
