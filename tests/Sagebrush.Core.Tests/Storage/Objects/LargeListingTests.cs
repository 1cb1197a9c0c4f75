using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Tests.Storage.Objects;

public sealed class LargeListingTests : IDisposable
{
    private readonly ObjectStoreScope _scope = new();

    [Fact]
    public async Task ListingOneHundredThousandKeysByDelimiterSkipsEachCommonPrefixInOneQuery()
    {
        await _scope.WithBucketAsync();
        _scope.Store.Dispose();
        SeedRows(prefixes: 100, keysPerPrefix: 1000);
        _scope.Reopen();

        var clock = Stopwatch.StartNew();
        var rolled = await _scope.Store.ListObjectsAsync("bucket", new ListObjectsQuery(Delimiter: "/"));
        var deep = await _scope.Store.ListObjectsAsync("bucket", new ListObjectsQuery("p050/", "/", "p050/k00500", 10));
        clock.Stop();

        Assert.Equal(100, rolled.CommonPrefixes.Count);
        Assert.Equal("p099/", rolled.CommonPrefixes[^1]);
        Assert.Equal(Enumerable.Range(501, 10).Select(i => $"p050/k{i:D5}"), deep.Objects.Select(o => o.Key));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void TheListingScanUsesTheKeyIndexForItsByteBound()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_scope.Root, "index.db")};Pooling=False");
        connection.Open();
        using var plan = connection.CreateCommand();
        plan.CommandText = "EXPLAIN QUERY PLAN SELECT object_key FROM objects WHERE bucket = 'b' AND object_key > CAST(x'61FF' AS TEXT) ORDER BY object_key LIMIT 5";
        using var reader = plan.ExecuteReader();
        Assert.True(reader.Read());

        Assert.Contains("SEARCH objects USING PRIMARY KEY (bucket=? AND object_key>?)", reader.GetString(3), StringComparison.Ordinal);
    }

    // Rows straight into the index: the listing reads only the index, and a hundred thousand PUTs would be slow.
    private void SeedRows(int prefixes, int keysPerPrefix)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_scope.Root, "index.db")};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO objects (bucket, object_key, size, etag, last_modified_ms, headers, metadata) VALUES ('bucket', $key, 0, 'e', 0, '{}', '{}')";
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        for (var p = 0; p < prefixes; p++)
        {
            for (var k = 0; k < keysPerPrefix; k++)
            {
                key.Value = $"p{p:D3}/k{k:D5}";
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    public void Dispose() => _scope.Dispose();
}
