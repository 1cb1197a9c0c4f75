using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Storage.Metadata;

public sealed class DocumentStoreTests : IDisposable
{
    private const int Writers = 16;

    private readonly TempDirectory directory = new();
    private readonly SqliteMetadataStore metadata;
    private readonly DocumentStore<Counter> counters;

    public DocumentStoreTests()
    {
        metadata = SqliteMetadataStore.InDataDir(directory.Path, TimeProvider.System);
        var shape = (JsonTypeInfo<Counter>)JsonSerializerOptions.Default.GetTypeInfo(typeof(Counter));
        counters = new DocumentStore<Counter>(metadata, new AccountSettings(), "counter", shape, "counter");
    }

    public void Dispose()
    {
        metadata.Dispose();
        directory.Dispose();
    }

    [Fact]
    public async Task ConcurrentUpdatesAreEachAppliedOnce()
    {
        await counters.InsertAsync("hits", new Counter(0));

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(() => counters.UpdateAsync("hits", c => c with { Value = c.Value + 1 }))));

        Assert.Equal(Writers, (await counters.GetAsync("hits"))!.Value);
    }

    [Fact]
    public async Task AChangeThatReturnsNullLeavesTheDocumentAndAMissingOneIsNull()
    {
        Assert.True(await counters.TryInsertAsync("kept", new Counter(7)));
        Assert.False(await counters.TryInsertAsync("kept", new Counter(8)));

        Assert.Equal(7, (await counters.UpdateAsync("kept", _ => null))!.Value);
        Assert.Null(await counters.UpdateAsync("missing", c => c with { Value = 1 }));
        Assert.Equal("arn:aws:sagemaker:us-east-1:000000000000:counter/kept", counters.ArnOf("kept"));
    }

    public sealed record Counter(int Value);
}
