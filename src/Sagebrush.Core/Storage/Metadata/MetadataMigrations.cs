using Sagebrush.Core.Storage.Sqlite;

namespace Sagebrush.Core.Storage.Metadata;

/// <summary>
/// The metadata database's schema, one step per version. Never edit a released step: append a new one.
/// </summary>
public static class MetadataMigrations
{
    public static IReadOnlyList<SchemaMigration> Steps { get; } =
    [
        // Names compare with NOCASE: SageMaker lower-cases the name in a resource's ARN, so "MyJob" and "myjob" would
        // share an ARN and must be the same resource. SageMaker names are ASCII ([a-zA-Z0-9-]), where NOCASE is exact.
        // The name keeps the case it was created with. Timestamps are unix milliseconds (INTEGER): exact to the
        // millisecond, sortable, and free of string-format ambiguity.
        new(1, """
            CREATE TABLE resources (
                account     TEXT    NOT NULL,
                region      TEXT    NOT NULL,
                type        TEXT    NOT NULL,
                name        TEXT    NOT NULL COLLATE NOCASE,
                arn         TEXT    NOT NULL COLLATE NOCASE UNIQUE,
                document    TEXT    NOT NULL,
                created_at  INTEGER NOT NULL,
                modified_at INTEGER NOT NULL,
                version     INTEGER NOT NULL,
                UNIQUE (account, region, type, name)
            );
            CREATE INDEX resources_by_creation ON resources (account, region, type, created_at, name);

            -- Tags belong to a resource and go with it. Keys are case-sensitive, as in AWS.
            CREATE TABLE tags (
                arn      TEXT    NOT NULL COLLATE NOCASE REFERENCES resources (arn) ON DELETE CASCADE,
                key      TEXT    NOT NULL,
                value    TEXT    NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (arn, key)
            );
            """),
    ];
}
