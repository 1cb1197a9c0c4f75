using Sagebrush.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Sagebrush.Core.Storage.Metadata;

/// <summary>
/// <see cref="IMetadataStore"/> on one SQLite file (<c>&lt;data-dir&gt;/metadata.db</c>). Each operation opens a
/// pooled connection, so the store is safe to call from many threads; SQLite serializes the writers.
/// Resource operations live in SqliteMetadataStore.Resources.cs, tag operations in SqliteMetadataStore.Tags.cs.
/// </summary>
public sealed partial class SqliteMetadataStore : IMetadataStore, IDisposable
{
    public const string FileName = "metadata.db";

    // How long a writer waits for another writer's lock before SQLite reports SQLITE_BUSY.
    private const string BusyTimeoutMilliseconds = "10000";

    // WAL lets readers run beside the single writer. synchronous=FULL syncs the WAL on every commit: a resource
    // acknowledged to a client (a training job that may already be running) must survive a power cut, and the
    // control plane writes a few rows a second, so the extra fsync is cheap. NORMAL could lose the last commits.
    // These settings belong to a connection, not the file, so every opened connection gets them.
    private const string ConnectionPragmas = $"""
        PRAGMA foreign_keys = ON;
        PRAGMA synchronous = FULL;
        PRAGMA busy_timeout = {BusyTimeoutMilliseconds};
        """;

    private readonly SqliteConnectionFactory connections;
    private readonly TimeProvider timeProvider;
    private bool disposed;

    public SqliteMetadataStore(string databasePath, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.timeProvider = timeProvider;

        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        connections = new SqliteConnectionFactory(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString(), ConnectionPragmas);

        using var connection = Open();
        SqliteMigrationRunner.ApplyInWalMode(connection, MetadataMigrations.Steps);
    }

    public static SqliteMetadataStore InDataDir(string dataDir, TimeProvider timeProvider) =>
        new(Path.Combine(dataDir, FileName), timeProvider);

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        connections.ClearPool();
    }

    private SqliteConnection Open()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return connections.Open();
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return connections.OpenAsync(cancellationToken);
    }

    // Millisecond precision is what the schema keeps; truncating here makes returned records equal re-read ones.
    private long NowUnixMilliseconds() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
}
