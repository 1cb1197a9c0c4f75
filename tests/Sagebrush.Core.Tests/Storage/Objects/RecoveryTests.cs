using System.Text;
using Microsoft.Data.Sqlite;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Tests.Storage.Objects;

public sealed class RecoveryTests : IDisposable
{
    private readonly ObjectStoreScope _scope = new();

    [Fact]
    public async Task ObjectsAndUploadsSurviveARestart()
    {
        await _scope.WithBucketAsync();
        var put = await _scope.PutAsync("bucket", "key", Encoding.ASCII.GetBytes("durable"));
        var upload = await _scope.Store.CreateMultipartUploadAsync("bucket", "big", ObjectWrite.Plain());
        await _scope.Store.UploadPartAsync("bucket", "big", upload.UploadId, 1, new MemoryStream([1, 2]), BodyCheck.None);

        _scope.Reopen();

        Assert.Equal(put.ETag, (await _scope.Store.HeadObjectAsync("bucket", "key"))?.ETag);
        Assert.Equal("durable", Encoding.ASCII.GetString(await _scope.ReadAsync("bucket", "key")));
        var parts = await _scope.Store.ListPartsAsync("bucket", "big", upload.UploadId, 0, 1000);
        Assert.Equal([1], parts.Parts.Select(p => p.PartNumber));
    }

    [Fact]
    public async Task LeftoversOfACrashAreRemovedOnOpenAndNeverListed()
    {
        await _scope.WithBucketAsync();
        await _scope.PutAsync("bucket", "kept", Encoding.ASCII.GetBytes("kept"));
        var upload = await _scope.Store.CreateMultipartUploadAsync("bucket", "big", ObjectWrite.Plain());
        await _scope.Store.UploadPartAsync("bucket", "big", upload.UploadId, 1, new MemoryStream([1]), BodyCheck.None);
        var keptFiles = _scope.FilesUnder("blobs").Concat(_scope.FilesUnder("uploads")).Order().ToList();

        // A body still streaming, a blob renamed into place whose row never committed, parts of an unknown upload,
        // and a stray part file of a live upload.
        var strays = new[]
        {
            Path.Combine(_scope.Root, "tmp", "0123456789abcdef"),
            Path.Combine(_scope.Root, "blobs", "ab", "abcdef0123456789abcdef0123456789"),
            Path.Combine(_scope.Root, "uploads", "deadbeef", "0123"),
            Path.Combine(_scope.Root, "uploads", upload.UploadId, "feedface"),
        };
        foreach (var stray in strays)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(stray)!);
            await File.WriteAllTextAsync(stray, "partial");
        }

        _scope.Reopen();

        Assert.All(strays, stray => Assert.False(File.Exists(stray)));
        Assert.False(Directory.Exists(Path.Combine(_scope.Root, "uploads", "deadbeef")));
        Assert.Equal(keptFiles, _scope.FilesUnder("blobs").Concat(_scope.FilesUnder("uploads")).Order());
        var listing = await _scope.Store.ListObjectsAsync("bucket", new ListObjectsQuery());
        Assert.Equal(["kept"], listing.Objects.Select(o => o.Key));
        Assert.Equal("kept", Encoding.ASCII.GetString(await _scope.ReadAsync("bucket", "kept")));
    }

    [Fact]
    public void TheIndexRecordsItsSchemaVersionAndUsesWal()
    {
        _scope.Store.Dispose();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_scope.Root, "index.db")};Pooling=False");
        connection.Open();
        using var version = connection.CreateCommand();
        version.CommandText = "SELECT version FROM schema_version";
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";

        Assert.Equal(1L, version.ExecuteScalar());
        Assert.Equal("wal", mode.ExecuteScalar());
    }

    public void Dispose() => _scope.Dispose();
}
