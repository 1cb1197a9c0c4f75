using Sagebrush.Core.Compute;

namespace Sagebrush.Core.Tests.Compute;

public sealed class ChannelStagerTests : IDisposable
{
    private readonly ExecutorScope _scope = new();

    [Theory]
    [InlineData("data/train", "data/train/a.csv", "a.csv")]
    [InlineData("data/train/", "data/train/x/a.csv", "x/a.csv")]
    [InlineData("data/train.csv", "data/train.csv", "train.csv")]
    [InlineData("data/tr", "data/train/a.csv", "train/a.csv")]
    [InlineData("", "a/b.csv", "a/b.csv")]
    public void KeysKeepTheirPathRelativeToThePrefix(string prefix, string key, string expected) =>
        Assert.Equal(expected, ChannelStager.RelativeTo(prefix, key));

    [Fact]
    public async Task AManifestListsObjectsRelativeToItsPrefix()
    {
        await _scope.PutAsync("images/cat/1.jpg", "c");
        await _scope.PutAsync("images/dog/2.jpg", "d");
        await _scope.PutAsync("images/skip.jpg", "s");
        await _scope.PutAsync("manifests/train.json", """[{"prefix": "s3://bucket/images/"}, "dog/2.jpg", "cat/1.jpg"]""");
        var channel = new TrainingChannel("train", "ManifestFile", "s3://bucket/manifests/train.json", "FullyReplicated", null, "None", "File");
        var run = ExecutorScope.Run("m", "s3://bucket/x", channels: [channel]);
        var workspace = TrainingWorkspace.Create(Path.Combine(_scope.Root, "m"), "algo-1", run);

        await new ChannelStager(_scope.Store).StageAsync(channel, [workspace], CancellationToken.None);

        Assert.Equal(["cat/1.jpg", "dog/2.jpg"],
            Directory.EnumerateFiles(workspace.Channel("train"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(workspace.Channel("train"), f)).Order(StringComparer.Ordinal));
        Assert.Equal("d", await File.ReadAllTextAsync(Path.Combine(workspace.Channel("train"), "dog", "2.jpg")));
    }

    [Fact]
    public async Task FullyReplicatedChannelsGiveEveryHostEveryObject()
    {
        await _scope.PutAsync("d/1", "1");
        await _scope.PutAsync("d/2", "2");
        var channel = new TrainingChannel("c", "S3Prefix", "s3://bucket/d/", "FullyReplicated", null, "None", "File");
        var run = ExecutorScope.Run("r", "s3://bucket/x", channels: [channel], instances: 3);
        var hosts = TrainingConfigFiles.Hosts(3).Select(h => TrainingWorkspace.Create(Path.Combine(_scope.Root, "r"), h, run)).ToList();

        await new ChannelStager(_scope.Store).StageAsync(channel, hosts, CancellationToken.None);

        Assert.All(hosts, h => Assert.Equal(["1", "2"], Directory.EnumerateFiles(h.Channel("c")).Select(Path.GetFileName).Order(StringComparer.Ordinal)));
    }

    public void Dispose() => _scope.Dispose();
}
