using Microsoft.Data.Sqlite;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Storage.Metadata;

/// <summary>What the store does with the file itself: creating, migrating, reopening, refusing.</summary>
public sealed class SqliteMetadataStoreFileTests : IDisposable
{
    private static readonly ResourceKey Key = new("000000000000", "us-east-1", "model", "m");
    private readonly TempDirectory directory = new();
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UnixEpoch);

    private string DatabasePath => directory.File("metadata.db");

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task AnEmptyFileIsMigratedToTheLatestSchema()
    {
        await File.WriteAllBytesAsync(DatabasePath, []);

        using (var store = new SqliteMetadataStore(DatabasePath, clock))
        {
            await store.InsertAsync(Key, "arn:m", "{}");
        }

        Assert.Equal(MetadataMigrations.Steps[^1].Version, Query<long>("SELECT MAX(version) FROM schema_version;"));
    }

    [Fact]
    public void AMissingDataDirIsCreated()
    {
        using var store = SqliteMetadataStore.InDataDir(directory.File("nested/data"), clock);

        Assert.True(File.Exists(directory.File("nested/data/metadata.db")));
    }

    [Fact]
    public void TheJournalIsWriteAhead()
    {
        using var store = new SqliteMetadataStore(DatabasePath, clock);

        Assert.Equal("wal", Query<string>("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task ReopeningKeepsDataAndDoesNotRerunMigrations()
    {
        using (var store = new SqliteMetadataStore(DatabasePath, clock))
        {
            await store.InsertAsync(Key, "arn:m", "kept");
            await store.SetTagsAsync("arn:m", new Dictionary<string, string> { ["k"] = "v" });
        }

        var appliedBefore = Query<string>("SELECT group_concat(version || '@' || applied_at) FROM schema_version;");

        using (var reopened = new SqliteMetadataStore(DatabasePath, clock))
        {
            Assert.Equal("kept", (await reopened.GetAsync(Key))!.Document);
            Assert.Single(await reopened.GetTagsAsync("arn:m"));
        }

        Assert.Equal(appliedBefore, Query<string>("SELECT group_concat(version || '@' || applied_at) FROM schema_version;"));
    }

    [Fact]
    public void ADatabaseFromANewerSagebrushIsRefused()
    {
        new SqliteMetadataStore(DatabasePath, clock).Dispose();
        Query<long>("INSERT INTO schema_version (version, applied_at) VALUES (999, 'future') RETURNING version;");

        var error = Assert.Throws<InvalidOperationException>(() => new SqliteMetadataStore(DatabasePath, clock));

        Assert.Contains("999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADisposedStoreRefusesWork()
    {
        var store = new SqliteMetadataStore(DatabasePath, clock);
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync(Key));
    }

    private T Query<T>(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }
}
