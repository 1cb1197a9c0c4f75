using Sagebrush.Core.Storage.Sqlite;

namespace Sagebrush.Core.Logs;

/// <summary>The log database's schema (<c>&lt;data-dir&gt;/logs.db</c>), one step per version. Never edit a released step.</summary>
public static class LogMigrations
{
    public static IReadOnlyList<SchemaMigration> Steps { get; } =
    [
        // Names compare exactly (BINARY): CloudWatch Logs names are case-sensitive. Timestamps are unix milliseconds.
        // An event's sequence is its rowid: unique, ascending in ingestion order, and the tie-breaker that makes
        // (timestamp, sequence) a total order for paging tokens. Events carry their group too, so FilterLogEvents
        // scans one index in time order across all of a group's streams instead of merging per-stream indexes.
        new(1, """
            CREATE TABLE log_groups (
                id           INTEGER PRIMARY KEY,
                name         TEXT    NOT NULL UNIQUE,
                created_at   INTEGER NOT NULL,
                stored_bytes INTEGER NOT NULL DEFAULT 0
            );

            CREATE TABLE log_streams (
                id                INTEGER PRIMARY KEY,
                group_id          INTEGER NOT NULL REFERENCES log_groups (id) ON DELETE CASCADE,
                name              TEXT    NOT NULL,
                created_at        INTEGER NOT NULL,
                first_event_at    INTEGER,
                last_event_at     INTEGER,
                last_ingestion_at INTEGER,
                stored_bytes      INTEGER NOT NULL DEFAULT 0,
                UNIQUE (group_id, name)
            );

            CREATE TABLE log_events (
                sequence    INTEGER PRIMARY KEY,
                group_id    INTEGER NOT NULL,
                stream_id   INTEGER NOT NULL REFERENCES log_streams (id) ON DELETE CASCADE,
                timestamp   INTEGER NOT NULL,
                ingested_at INTEGER NOT NULL,
                message     TEXT    NOT NULL
            );
            CREATE INDEX log_events_by_stream ON log_events (stream_id, timestamp, sequence);
            CREATE INDEX log_events_by_group ON log_events (group_id, timestamp, sequence);
            """),
    ];
}
