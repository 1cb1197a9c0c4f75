using Sagebrush.Core.Compute.Files;

namespace Sagebrush.Core.Tests.Compute.Files;

public sealed class ObjectPathsTests
{
    [Theory]
    [InlineData("model.txt", "model.txt")]
    [InlineData("/srv/x.txt", "srv/x.txt")]
    [InlineData("a//b", "a/b")]
    [InlineData("dir/", null)]
    [InlineData("a/../b", null)]
    [InlineData("./a", null)]
    [InlineData("", null)]
    public void AKeyMapsToARelativePathOrToNone(string rest, string? expected) => Assert.Equal(expected, ObjectPaths.RelativePath(rest));
}
