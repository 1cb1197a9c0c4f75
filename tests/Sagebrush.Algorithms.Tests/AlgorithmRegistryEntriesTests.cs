namespace Sagebrush.Algorithms.Tests;

/// <summary>The registry answers the image names of Linear Learner, K-Means and PCA with the matching algorithm.</summary>
public sealed class AlgorithmRegistryEntriesTests
{
    [Theory]
    [InlineData("linear-learner")]
    [InlineData("kmeans")]
    [InlineData("pca")]
    public void TheImageNameCreatesTheAlgorithmOfThatName(string name)
    {
        Assert.True(AlgorithmRegistry.TryCreate(name, out var algorithm));
        Assert.Equal(name, algorithm.Name);
    }
}
