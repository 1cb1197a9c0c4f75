using Sagebrush.Core.Storage.Sqlite;

namespace Sagebrush.Core.Account.Billing;

/// <summary>The usage ledger's schema, one step per version. Never edit a released step: append a new one.</summary>
public static class UsageMigrations
{
    public static IReadOnlyList<SchemaMigration> Steps { get; } =
    [
        // One row per metered stretch (milliseconds since the epoch, UTC); ended_ms is NULL while it runs. The
        // heartbeat row says when the server last knew it was alive: stretches a crash left open end there.
        new(1, """
            CREATE TABLE usage (
                id             INTEGER PRIMARY KEY,
                resource_arn   TEXT    NOT NULL,
                usage          TEXT    NOT NULL,
                instance_type  TEXT    NOT NULL,
                instance_count INTEGER NOT NULL,
                started_ms     INTEGER NOT NULL,
                ended_ms       INTEGER,
                tags           TEXT    NOT NULL
            );
            CREATE INDEX usage_by_time ON usage (started_ms, ended_ms);
            CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at_ms INTEGER NOT NULL);
            """),
    ];
}
