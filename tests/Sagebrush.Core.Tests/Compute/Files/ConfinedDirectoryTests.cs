using Sagebrush.Core.Compute.Files;

namespace Sagebrush.Core.Tests.Compute.Files;

public sealed class ConfinedDirectoryTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("sagebrush-confined-");
    private readonly DirectoryInfo _outside = Directory.CreateTempSubdirectory("sagebrush-outside-");

    public void Dispose()
    {
        _root.Delete(recursive: true);
        _outside.Delete(recursive: true);
    }

    [Fact]
    public void AFileIsReadWhereItIs()
    {
        File.WriteAllText(Path.Combine(_root.FullName, "failure"), "bad data");
        using var root = ConfinedDirectory.Open(_root.FullName);

        Assert.Equal("bad data", root.ReadText("failure", 1024));
        Assert.Null(root.ReadText("missing", 1024));
    }

    [Fact]
    public void ALinkInPlaceOfAFileIsRefusedNotFollowed()
    {
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "failure"), "/proc/self/environ");
        using var root = ConfinedDirectory.Open(_root.FullName);

        var refused = Assert.Throws<UnsafePathException>(() => root.ReadText("failure", 1024));
        Assert.Contains("symbolic link", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALinkInPlaceOfADirectoryOnTheWayIsRefused()
    {
        File.WriteAllText(Path.Combine(_outside.FullName, "secret"), "s");
        Directory.CreateSymbolicLink(Path.Combine(_root.FullName, "output"), _outside.FullName);
        using var root = ConfinedDirectory.Open(_root.FullName);

        Assert.Throws<UnsafePathException>(() => root.ReadText("output/secret", 1024));
        Assert.Throws<UnsafePathException>(() => root.CreateFile("output/planted").Dispose());
        Assert.False(File.Exists(Path.Combine(_outside.FullName, "planted")));
    }

    [Fact]
    public async Task AFifoIsRefusedWithoutBlocking()
    {
        var fifo = Path.Combine(_root.FullName, "failure");
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]);
        await mkfifo.WaitForExitAsync();
        using var root = ConfinedDirectory.Open(_root.FullName);

        Assert.Throws<UnsafePathException>(() => root.ReadText("failure", 1024));
    }

    [Fact]
    public void WalkingListsLinksAndNeverEntersThem()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "model", "sub"));
        File.WriteAllText(Path.Combine(_root.FullName, "model", "sub", "weights"), "w");
        File.WriteAllText(Path.Combine(_outside.FullName, "secret"), "s");
        Directory.CreateSymbolicLink(Path.Combine(_root.FullName, "model", "escape"), _outside.FullName);
        using var root = ConfinedDirectory.Open(_root.FullName);

        var entries = root.Walk("model").Select(e => (e.RelativePath, e.Kind)).ToList();

        Assert.Equal([("model/escape", ConfinedEntryKind.SymbolicLink), ("model/sub", ConfinedEntryKind.Directory), ("model/sub/weights", ConfinedEntryKind.File)], entries);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    public void PathsThatCouldLeaveAreRefused(string path)
    {
        using var root = ConfinedDirectory.Open(_root.FullName);

        Assert.Throws<UnsafePathException>(() => root.OpenRead(path));
    }

    [Fact]
    public void CreatingAFileReplacesALinkInsteadOfWritingThroughIt()
    {
        var target = Path.Combine(_outside.FullName, "victim");
        File.WriteAllText(target, "original");
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "file"), target);
        using var root = ConfinedDirectory.Open(_root.FullName);

        using (var file = root.CreateFile("file"))
        {
            file.Write("new"u8);
        }

        Assert.Equal("original", File.ReadAllText(target));
        Assert.Equal("new", File.ReadAllText(Path.Combine(_root.FullName, "file")));
    }
}
