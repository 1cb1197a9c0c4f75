using Sagebrush.Core.Storage.Sqlite;

namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// The index schema as an ordered list of steps, applied by <see cref="SqliteMigrationRunner"/> so an existing
/// data directory upgrades in place. Append new steps, never edit shipped ones.
/// Keys are TEXT with SQLite's BINARY collation, which compares UTF-8 bytes: S3's listing order.
/// </summary>
internal static class IndexMigrations
{
    public static IReadOnlyList<SchemaMigration> Steps { get; } =
    [
        new(1, """
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
        """),

        // An object's body becomes an ordered list of blobs, so a completed multipart upload keeps its part files
        // instead of copying them into one. Every existing object is one blob; its size is the object's.
        new(2, """
        CREATE TABLE object_blobs (
            bucket TEXT NOT NULL,
            object_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            blob_id TEXT NOT NULL,
            size INTEGER NOT NULL,
            PRIMARY KEY (bucket, object_key, position),
            FOREIGN KEY (bucket, object_key) REFERENCES objects (bucket, object_key)
        ) WITHOUT ROWID;

        INSERT INTO object_blobs (bucket, object_key, position, blob_id, size)
        SELECT bucket, object_key, 0, blob_id, size FROM objects;

        ALTER TABLE objects DROP COLUMN blob_id;
        """),

        // Uploads completed in the last day, so a retried CompleteMultipartUpload (its first answer lost) gets the
        // same 200 and ETag as S3 gives, instead of NoSuchUpload.
        new(3, """
        CREATE TABLE completed_uploads (
            upload_id TEXT NOT NULL PRIMARY KEY,
            bucket TEXT NOT NULL,
            object_key TEXT NOT NULL,
            etag TEXT NOT NULL,
            completed_ms INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE INDEX completed_uploads_by_time ON completed_uploads (completed_ms);
        """),

        // Object tagging: an object's tag set (JSON [[key, value], ...]), gone with the object or its replacement.
        new(4, """
        CREATE TABLE object_tags (
            bucket TEXT NOT NULL,
            object_key TEXT NOT NULL,
            tags TEXT NOT NULL,
            PRIMARY KEY (bucket, object_key),
            FOREIGN KEY (bucket, object_key) REFERENCES objects (bucket, object_key)
        ) WITHOUT ROWID;
        """),

        // x-amz-tagging on CreateMultipartUpload: the tag set the completed object gets (JSON, as object_tags holds it).
        new(5, """
        ALTER TABLE uploads ADD COLUMN tags TEXT;
        """),

        // Server-side encryption: how an object, or an upload's parts, are encrypted at rest (JSON: mode, wrapped data key).
        new(6, """
        ALTER TABLE objects ADD COLUMN encryption TEXT;
        ALTER TABLE uploads ADD COLUMN encryption TEXT;
        """),

        // A completed upload's parts keep their checksums (GetObjectAttributes answers them per part).
        new(7, """
        ALTER TABLE object_blobs ADD COLUMN checksum TEXT;
        """),
    ];
}
