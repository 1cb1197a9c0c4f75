using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Sagebrush.Core.Compute.Files;

namespace Sagebrush.Core.Tests.Compute.Files;

public sealed class SafeTarExtractorTests : IDisposable
{
    private readonly DirectoryInfo _work = System.IO.Directory.CreateTempSubdirectory("sagebrush-extract-");

    private string Target => Path.Combine(_work.FullName, "model");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task RootEntriesAndLeadingSlashesAndDotsAreStrippedAsGnuTarDoes()
    {
        var archive = Archive(t =>
        {
            DirectoryEntry(t, "/");
            DirectoryEntry(t, "./");
            File(t, "/model.txt", "a");
            File(t, "./code/inference.py", "b");
            File(t, "code//util.py", "c");
        });

        var summary = await SafeTarExtractor.ExtractAsync(archive, Target, long.MaxValue, CancellationToken.None);

        Assert.Equal(3, summary.Files);
        Assert.Equal("a", System.IO.File.ReadAllText(Path.Combine(Target, "model.txt")));
        Assert.Equal("b", System.IO.File.ReadAllText(Path.Combine(Target, "code", "inference.py")));
        Assert.Equal("c", System.IO.File.ReadAllText(Path.Combine(Target, "code", "util.py")));
    }

    [Fact]
    public async Task ALinkToTheArchivesOwnRootIsKept()
    {
        var archive = Archive(t =>
        {
            Link(t, "s", ".");
            File(t, "x", "1");
        });

        await SafeTarExtractor.ExtractAsync(archive, Target, long.MaxValue, CancellationToken.None);

        Assert.Equal(".", new FileInfo(Path.Combine(Target, "s")).LinkTarget);
    }

    [Fact]
    public async Task ANameWithDotDotIsRefused()
    {
        var archive = Archive(t => File(t, "a/../../x", "1"));

        var refused = await Assert.ThrowsAsync<UnsafeArchiveException>(() => SafeTarExtractor.ExtractAsync(archive, Target, long.MaxValue, CancellationToken.None));
        Assert.Contains("'..'", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("../..")]
    public async Task ALinkOutOfTheDirectoryIsRefused(string target)
    {
        var archive = Archive(t => Link(t, "a/escape", target));

        await Assert.ThrowsAsync<UnsafeArchiveException>(() => SafeTarExtractor.ExtractAsync(archive, Target, long.MaxValue, CancellationToken.None));
    }

    [Fact]
    public async Task ChainedLinksThatClimbOutTogetherAreRefusedAndNothingIsWrittenThroughThem()
    {
        var archive = Archive(t =>
        {
            Link(t, "a/up", "..");
            Link(t, "a/b/up", "..");
            Link(t, "a/b/esc", "up/up/..");
        });

        var refused = await Assert.ThrowsAsync<UnsafeArchiveException>(() => SafeTarExtractor.ExtractAsync(archive, Target, long.MaxValue, CancellationToken.None));
        Assert.Contains("a/b/esc", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileUnderALinkDeclaredEarlierLandsInADirectoryNotThroughTheLink()
    {
        var archive = Archive(t =>
        {
            Link(t, "t", "..");
            File(t, "t/planted.txt", "x");
        });

        await Assert.ThrowsAsync<UnsafeArchiveException>(() => SafeTarExtractor.ExtractAsync(archive, Target, long.MaxValue, CancellationToken.None));
        Assert.False(System.IO.File.Exists(Path.Combine(_work.FullName, "planted.txt")));
    }

    [Fact]
    public async Task WhatExpandsBeyondTheBoundIsRefusedBeforeItIsWritten()
    {
        var archive = Archive(t => File(t, "big", new string('0', 4096)));

        var refused = await Assert.ThrowsAsync<UnsafeArchiveException>(() => SafeTarExtractor.ExtractAsync(archive, Target, 1000, CancellationToken.None));
        Assert.Contains("more than 1,000 bytes", refused.Message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Path.Combine(Target, "big")));
    }

    [Fact]
    public async Task SetIdBitsAreDroppedAndAHardLinkIsACopy()
    {
        var archive = Archive(t =>
        {
            t.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "tool") { Mode = (UnixFileMode)0b100_111_101_101, DataStream = new MemoryStream("x"u8.ToArray()) });
            t.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "again") { LinkName = "tool" });
        });

        await SafeTarExtractor.ExtractAsync(archive, Target, long.MaxValue, CancellationToken.None);

        Assert.Equal((UnixFileMode)0, System.IO.File.GetUnixFileMode(Path.Combine(Target, "tool")) & UnixFileMode.SetUser);
        Assert.Equal("x", System.IO.File.ReadAllText(Path.Combine(Target, "again")));
    }

    [Fact]
    public async Task APlainTarIsNotAGzipArchiveAsTheToolkitsSayToo()
    {
        var plain = new MemoryStream();
        using (var tar = new TarWriter(plain, leaveOpen: true))
        {
            File(tar, "x", "plain");
        }

        plain.Position = 0;
        await Assert.ThrowsAsync<InvalidDataException>(() => SafeTarExtractor.ExtractAsync(plain, Target, long.MaxValue, CancellationToken.None));
    }

    private static MemoryStream Archive(Action<TarWriter> write)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            write(tar);
        }

        buffer.Position = 0;
        return buffer;
    }

    private static void File(TarWriter tar, string name, string text) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });

    private static void DirectoryEntry(TarWriter tar, string name) => tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name));

    private static void Link(TarWriter tar, string name, string target) => tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });
}
