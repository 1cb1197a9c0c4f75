using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Sagebrush.Core.Storage.Objects;
using Sagebrush.Core.Storage.Sqlite;

namespace Sagebrush.Core.Tests.Storage.Objects;

public sealed class RecoveryTests : IDisposable
{
    private const int FiveMiB = 5 * 1024 * 1024;
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
        var keptFiles = _scope.FilesUnder("blobs").Order().ToList();

        // A body still streaming, a blob renamed into place whose row never committed (an object's or a part's), and
        // part files under uploads/ where index schema 1 kept them, of an unknown upload and a stray of a live one.
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
        Assert.False(Directory.Exists(Path.Combine(_scope.Root, "uploads")));
        Assert.Equal(keptFiles, _scope.FilesUnder("blobs").Order());
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
        version.CommandText = "SELECT MAX(version) FROM schema_version";
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";

        Assert.Equal(7L, version.ExecuteScalar()); // the newest step of IndexMigrations
        Assert.Equal("wal", mode.ExecuteScalar());
    }

    [Fact]
    public async Task ACrashBeforeCompleteCommitsLeavesTheUploadWithEveryPart()
    {
        await _scope.WithBucketAsync();
        var bodies = new[] { Bytes(FiveMiB, 1), Bytes(10, 2) };
        var upload = await _scope.Store.CreateMultipartUploadAsync("bucket", "key", ObjectWrite.Plain());
        var parts = new List<CompletedPart>();
        for (var i = 0; i < bodies.Length; i++)
        {
            var part = await _scope.Store.UploadPartAsync("bucket", "key", upload.UploadId, i + 1, new MemoryStream(bodies[i]), BodyCheck.None);
            parts.Add(new CompletedPart(part.PartNumber, part.ETag));
        }

        var partFiles = _scope.FilesUnder("blobs").Order().ToList();

        // Complete touches no file before its one commit, so a crash before it is a crash after the last part.
        _scope.Reopen();

        Assert.Null(await _scope.Store.HeadObjectAsync("bucket", "key"));
        Assert.Equal([1, 2], (await _scope.Store.ListPartsAsync("bucket", "key", upload.UploadId, 0, 1000)).Parts.Select(p => p.PartNumber));
        Assert.Equal(partFiles, _scope.FilesUnder("blobs").Order());
        await _scope.Store.CompleteMultipartUploadAsync("bucket", "key", upload.UploadId, parts);
        Assert.Equal(bodies.SelectMany(body => body), await _scope.ReadAsync("bucket", "key"));
    }

    [Fact]
    public async Task ACrashAfterCompleteCommitsLeavesTheObjectAndRemovesWhatItReleased()
    {
        await _scope.WithBucketAsync();
        await _scope.PutAsync("bucket", "key", Encoding.ASCII.GetBytes("replaced"));
        var bodies = new[] { Bytes(FiveMiB, 3), Bytes(FiveMiB, 4), Bytes(10, 5) };
        var upload = await _scope.Store.CreateMultipartUploadAsync("bucket", "key", ObjectWrite.Plain());
        var parts = new List<CompletedPart>();
        for (var i = 0; i < bodies.Length; i++)
        {
            var part = await _scope.Store.UploadPartAsync("bucket", "key", upload.UploadId, i + 1, new MemoryStream(bodies[i]), BodyCheck.None);
            parts.Add(new CompletedPart(part.PartNumber, part.ETag));
        }

        var before = _scope.FilesUnder("blobs").ToDictionary(file => file, File.ReadAllBytes);
        await _scope.Store.CompleteMultipartUploadAsync("bucket", "key", upload.UploadId, [parts[0], parts[2]]);
        var objectFiles = _scope.FilesUnder("blobs").Order().ToList();

        // The kill lands after the commit and before the replaced object's blob and the unchosen part are deleted.
        var released = before.Where(file => !File.Exists(file.Key)).ToList();
        Assert.Equal(2, released.Count);
        foreach (var (file, bytes) in released)
        {
            await File.WriteAllBytesAsync(file, bytes);
        }

        _scope.Reopen();

        Assert.Equal(objectFiles, _scope.FilesUnder("blobs").Order());
        byte[] expected = [.. bodies[0], .. bodies[2]];
        Assert.Equal(expected, await _scope.ReadAsync("bucket", "key"));
        Assert.Empty((await _scope.Store.ListMultipartUploadsAsync("bucket", new ListUploadsQuery())).Uploads);
    }

    [Fact]
    public async Task AnIndexOfSchemaOneUpgradesInPlaceAndItsPartsMoveIntoBlobs()
    {
        _scope.Store.Dispose();
        Directory.Delete(_scope.Root, recursive: true);
        const string objectBlob = "aa000000000000000000000000000001";
        const string partBlob = "bb000000000000000000000000000002";
        var part = Bytes(10, 6);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(Directory.CreateDirectory(_scope.Root).FullName, "index.db")};Pooling=False"))
        {
            connection.Open();
            SqliteMigrationRunner.Apply(connection, [IndexMigrations.Steps[0]]);
            using var insert = connection.CreateCommand();
            insert.CommandText = $$"""
                INSERT INTO buckets VALUES ('bucket', 0);
                INSERT INTO objects VALUES ('bucket', 'old', 5, '5d41402abc4b2a76b9719d911017c592', 0, '{}', '{}', NULL, NULL, NULL, NULL, '{{objectBlob}}');
                INSERT INTO uploads VALUES ('upload1', 'bucket', 'big', 0, '{}', '{}', NULL);
                INSERT INTO parts VALUES ('upload1', 1, 10, '{{Convert.ToHexStringLower(MD5.HashData(part))}}', NULL, 0, '{{partBlob}}');
                """;
            insert.ExecuteNonQuery();
        }

        Directory.CreateDirectory(Path.Combine(_scope.Root, "blobs", "aa"));
        await File.WriteAllTextAsync(Path.Combine(_scope.Root, "blobs", "aa", objectBlob), "hello");
        Directory.CreateDirectory(Path.Combine(_scope.Root, "uploads", "upload1"));
        await File.WriteAllBytesAsync(Path.Combine(_scope.Root, "uploads", "upload1", partBlob), part);

        _scope.Reopen();

        Assert.Equal("hello", Encoding.ASCII.GetString(await _scope.ReadAsync("bucket", "old")));
        Assert.False(Directory.Exists(Path.Combine(_scope.Root, "uploads")));
        Assert.True(File.Exists(Path.Combine(_scope.Root, "blobs", "bb", partBlob)));
        var listed = await _scope.Store.ListPartsAsync("bucket", "big", "upload1", 0, 1000);
        var completed = await _scope.Store.CompleteMultipartUploadAsync("bucket", "big", "upload1", [new CompletedPart(1, listed.Parts[0].ETag)]);
        Assert.Equal(1, completed.PartsCount);
        Assert.Equal(part, await _scope.ReadAsync("bucket", "big"));
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose() => _scope.Dispose();
}
