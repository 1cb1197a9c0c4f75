using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Storage.Metadata;

public sealed class SqliteMetadataStoreTagTests : IDisposable
{
    private static readonly ResourceKey ModelKey = new("000000000000", "us-east-1", "model", "m");
    private const string ModelArn = "arn:aws:sagemaker:us-east-1:000000000000:model/m";

    private readonly TempDirectory directory = new();
    private readonly SqliteMetadataStore store;

    public SqliteMetadataStoreTagTests()
    {
        store = SqliteMetadataStore.InDataDir(directory.Path, new ManualTimeProvider(DateTimeOffset.UnixEpoch));
        store.InsertAsync(ModelKey, ModelArn, "{}").GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        store.Dispose();
        directory.Dispose();
    }

    [Fact]
    public async Task TagsComeBackInTheOrderTheyWereFirstAdded()
    {
        await store.SetTagsAsync(ModelArn, Tags(("team", "ml"), ("env", "dev")));
        await store.SetTagsAsync(ModelArn, Tags(("cost-center", "42")));

        Assert.Equal(Ordered(("team", "ml"), ("env", "dev"), ("cost-center", "42")), await store.GetTagsAsync(ModelArn));
    }

    [Fact]
    public async Task OverwritingATagKeepsItsPosition()
    {
        await store.SetTagsAsync(ModelArn, Tags(("team", "ml"), ("env", "dev")));

        await store.SetTagsAsync(ModelArn, Tags(("team", "platform")));

        Assert.Equal(Ordered(("team", "platform"), ("env", "dev")), await store.GetTagsAsync(ModelArn));
    }

    [Fact]
    public async Task RemovedTagsAreGoneAndReAddingPutsThemLast()
    {
        await store.SetTagsAsync(ModelArn, Tags(("a", "1"), ("b", "2"), ("c", "3")));

        await store.RemoveTagsAsync(ModelArn, ["a", "not-there"]);
        Assert.Equal(Ordered(("b", "2"), ("c", "3")), await store.GetTagsAsync(ModelArn));

        await store.SetTagsAsync(ModelArn, Tags(("a", "again")));
        Assert.Equal(Ordered(("b", "2"), ("c", "3"), ("a", "again")), await store.GetTagsAsync(ModelArn));
    }

    [Fact]
    public async Task TagKeysAreCaseSensitive()
    {
        await store.SetTagsAsync(ModelArn, Tags(("Env", "1"), ("env", "2")));

        Assert.Equal(2, (await store.GetTagsAsync(ModelArn)).Count);
    }

    [Fact]
    public async Task TaggingAnUnknownArnIsResourceNotFound() =>
        await Assert.ThrowsAsync<ResourceNotFoundException>(
            () => store.SetTagsAsync("arn:aws:sagemaker:us-east-1:000000000000:model/ghost", Tags(("a", "1"))));

    [Fact]
    public async Task AnUntaggedResourceHasNoTags() =>
        Assert.Empty(await store.GetTagsAsync(ModelArn));

    [Fact]
    public async Task DeletingTheResourceDeletesItsTags()
    {
        await store.SetTagsAsync(ModelArn, Tags(("a", "1")));

        await store.DeleteAsync(ModelKey);
        await store.InsertAsync(ModelKey, ModelArn, "{}");

        Assert.Empty(await store.GetTagsAsync(ModelArn));
    }

    [Fact]
    public async Task UpdatingTheResourceKeepsItsTags()
    {
        await store.SetTagsAsync(ModelArn, Tags(("a", "1")));

        await store.UpdateAsync(ModelKey, 1, """{"changed":true}""");

        Assert.Single(await store.GetTagsAsync(ModelArn));
    }

    // Dictionary keeps insertion order while nothing is removed, which is the order the store is asked to add.
    private static Dictionary<string, string> Tags(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(pair => pair.Key, pair => pair.Value);

    private static List<KeyValuePair<string, string>> Ordered(params (string Key, string Value)[] pairs) =>
        [.. pairs.Select(pair => KeyValuePair.Create(pair.Key, pair.Value))];
}
