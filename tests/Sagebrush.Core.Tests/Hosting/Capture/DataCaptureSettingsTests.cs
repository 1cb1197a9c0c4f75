using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Capture;

namespace Sagebrush.Core.Tests.Hosting.Capture;

public sealed class DataCaptureSettingsTests
{
    [Fact]
    public void TheApisShapeMapsOntoTheSettings()
    {
        var settings = DataCaptureSettings.From(null, 25, "s3://bucket/some/prefix/", ["Output", "Input"], ["text/csv"], ["application/json"], "arn:aws:kms:key");

        Assert.True(settings.EnableCapture);
        Assert.Equal(25, settings.InitialSamplingPercentage);
        Assert.True(settings.CaptureInput);
        Assert.True(settings.CaptureOutput);
        Assert.Equal("bucket", settings.Bucket);
        Assert.Equal("some/prefix", settings.Prefix);
        Assert.Equal(["text/csv"], settings.CsvContentTypes);
        Assert.Equal(["application/json"], settings.JsonContentTypes);
    }

    [Fact]
    public void ABucketWithoutPrefixHasAnEmptyPrefix()
    {
        var settings = DataCaptureSettings.From(false, 100, "s3://bucket", ["Input"]);
        Assert.False(settings.EnableCapture);
        Assert.False(settings.CaptureOutput);
        Assert.Equal("", settings.Prefix);
    }

    [Theory]
    [InlineData(101, "s3://b/p", "Input")]
    [InlineData(-1, "s3://b/p", "Input")]
    [InlineData(50, "https://b.s3.amazonaws.com/p", "Input")]
    [InlineData(50, "s3:///p", "Input")]
    [InlineData(50, "", "Input")]
    [InlineData(50, "s3://b/p", "InputAndOutput")]
    [InlineData(50, "s3://b/p", null)]
    public void WhatSageMakerRejectsIsAValidationException(int percentage, string destination, string? mode)
    {
        var error = Assert.Throws<AwsException>(() => DataCaptureSettings.From(true, percentage, destination, mode is null ? [] : [mode]));
        Assert.Equal("ValidationException", error.Code);
    }
}
