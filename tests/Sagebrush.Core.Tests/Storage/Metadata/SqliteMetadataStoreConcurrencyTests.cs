using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Storage.Metadata;

public sealed class SqliteMetadataStoreConcurrencyTests : IDisposable
{
    private const int Contenders = 32;
    private static readonly ResourceKey Key = new("000000000000", "us-east-1", "endpoint", "contested");
    private const string Arn = "arn:aws:sagemaker:us-east-1:000000000000:endpoint/contested";

    private readonly TempDirectory directory = new();
    private readonly SqliteMetadataStore store;

    public SqliteMetadataStoreConcurrencyTests() =>
        store = SqliteMetadataStore.InDataDir(directory.Path, TimeProvider.System);

    public void Dispose()
    {
        store.Dispose();
        directory.Dispose();
    }

    [Fact]
    public async Task ConcurrentInsertsOfTheSameNameHaveExactlyOneWinner()
    {
        var attempts = Enumerable.Range(0, Contenders)
            .Select(i => Task.Run(() => Outcome(store.InsertAsync(Key, Arn, $"{{\"contender\":{i}}}"))));

        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(outcome => outcome is null));
        Assert.All(outcomes.OfType<Exception>(), error => Assert.IsType<ResourceAlreadyExistsException>(error));
    }

    [Fact]
    public async Task ConcurrentUpdatesFromTheSameVersionHaveExactlyOneWinner()
    {
        await store.InsertAsync(Key, Arn, "{}");

        var attempts = Enumerable.Range(0, Contenders)
            .Select(i => Task.Run(() => Outcome(store.UpdateAsync(Key, 1, $"{{\"contender\":{i}}}"))));

        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(outcome => outcome is null));
        Assert.All(outcomes.OfType<Exception>(), error => Assert.IsType<ConcurrencyException>(error));
        Assert.Equal(2, (await store.GetAsync(Key))!.Version);
    }

    [Fact]
    public async Task ConcurrentInsertsOfDistinctNamesAllSucceed()
    {
        var inserts = Enumerable.Range(0, Contenders)
            .Select(i => Task.Run(() => store.InsertAsync(Key with { Name = $"n{i}" }, $"{Arn}-{i}", "{}")));

        await Task.WhenAll(inserts);

        Assert.Equal(Contenders, (await store.ListAsync(Key.Account, Key.Region, Key.Type)).Count);
    }

    // Null for success; the exception otherwise, so the test can count winners and losers.
    private static async Task<Exception?> Outcome(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return error;
        }
    }
}
