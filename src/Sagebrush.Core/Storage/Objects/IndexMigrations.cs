using Microsoft.Data.Sqlite;

namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// The index schema as an ordered list of steps; <c>schema_version</c> records how many have run, so an existing
/// data directory upgrades in place. Append new steps, never edit shipped ones.
/// Keys are TEXT with SQLite's BINARY collation, which compares UTF-8 bytes: S3's listing order.
/// </summary>
internal static class IndexMigrations
{
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE buckets (
            name TEXT NOT NULL PRIMARY KEY,
            created_ms INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE objects (
            bucket TEXT NOT NULL REFERENCES buckets (name),
            object_key TEXT NOT NULL,
            size INTEGER NOT NULL,
            etag TEXT NOT NULL,
            last_modified_ms INTEGER NOT NULL,
            headers TEXT NOT NULL,
            metadata TEXT NOT NULL,
            checksum_algorithm TEXT,
            checksum TEXT,
            checksum_type TEXT,
            parts_count INTEGER,
            blob_id TEXT NOT NULL,
            PRIMARY KEY (bucket, object_key)
        ) WITHOUT ROWID;

        CREATE TABLE uploads (
            upload_id TEXT NOT NULL PRIMARY KEY,
            bucket TEXT NOT NULL REFERENCES buckets (name),
            object_key TEXT NOT NULL,
            initiated_ms INTEGER NOT NULL,
            headers TEXT NOT NULL,
            metadata TEXT NOT NULL,
            checksum_algorithm TEXT
        );

        CREATE INDEX uploads_by_key ON uploads (bucket, object_key, upload_id);

        CREATE TABLE parts (
            upload_id TEXT NOT NULL REFERENCES uploads (upload_id) ON DELETE CASCADE,
            part_number INTEGER NOT NULL,
            size INTEGER NOT NULL,
            etag TEXT NOT NULL,
            checksum TEXT,
            last_modified_ms INTEGER NOT NULL,
            blob_id TEXT NOT NULL,
            PRIMARY KEY (upload_id, part_number)
        ) WITHOUT ROWID;
        """,
    ];

    public static void Apply(SqliteConnection connection)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";
            create.ExecuteNonQuery();
        }

        var current = CurrentVersion(connection);
        for (var version = current + 1; version <= Steps.Length; version++)
        {
            using var transaction = connection.BeginTransaction();
            using (var step = connection.CreateCommand())
            {
                step.Transaction = transaction;
                step.CommandText = Steps[version - 1];
                step.ExecuteNonQuery();
            }

            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ($version)";
                record.Parameters.AddWithValue("$version", version);
                record.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public static int CurrentVersion(SqliteConnection connection)
    {
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
