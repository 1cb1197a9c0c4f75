using Sagebrush.Core.Containers;

namespace Sagebrush.Core.Tests.Containers;

public sealed class ImageReferencesTests
{
    [Theory]
    [InlineData("byoc")]
    [InlineData("byoc:1.0")]
    [InlineData("127.0.0.1:4599/byoc-test:v1")]
    [InlineData("000000000000.dkr.ecr.us-east-1.amazonaws.com/team/algo:latest")]
    [InlineData("localhost:5000/a/b/c")]
    [InlineData("python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void DockersReferencesAreValid(string image) => Assert.True(ImageReferences.IsValid(image));

    [Theory]
    [InlineData("")]
    [InlineData("My Image")]
    [InlineData("byoc:latest\n")]
    [InlineData("byoc:")]
    [InlineData("/byoc")]
    [InlineData("registry/Upper")]
    [InlineData("byoc:-tag")]
    public void WhatDockerWouldNotNameIsInvalid(string image) => Assert.False(ImageReferences.IsValid(image));

    [Theory]
    [InlineData("byoc", "byoc", "latest")]
    [InlineData("byoc:v1", "byoc", "v1")]
    [InlineData("127.0.0.1:4599/byoc", "127.0.0.1:4599/byoc", "latest")]
    [InlineData("127.0.0.1:4599/team/byoc:2", "127.0.0.1:4599/team/byoc", "2")]
    public void AReferenceSplitsIntoRepositoryAndTag(string image, string repository, string tag) =>
        Assert.Equal((repository, tag), ImageReferences.Split(image));
}
