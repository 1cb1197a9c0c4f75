using Sagebrush.Core.Storage.Sqlite;

namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>The endpoint metrics database's schema, one step per version. Never edit a released step: append a new one.</summary>
public static class EndpointMetricMigrations
{
    public static IReadOnlyList<SchemaMigration> Steps { get; } =
    [
        // One row per endpoint, variant, metric and minute (unix seconds at the minute's start, UTC): CloudWatch's
        // statistic set plus a LogHistogram for percentiles, so any longer period is a merge of whole rows.
        // Endpoint names compare with NOCASE like the metadata store's; variant names are kept exact.
        new(1, """
            CREATE TABLE variant_metrics (
                endpoint     TEXT    NOT NULL COLLATE NOCASE,
                variant      TEXT    NOT NULL,
                metric       TEXT    NOT NULL,
                minute       INTEGER NOT NULL,
                sample_count INTEGER NOT NULL,
                sum          REAL    NOT NULL,
                minimum      REAL    NOT NULL,
                maximum      REAL    NOT NULL,
                histogram    BLOB    NOT NULL,
                PRIMARY KEY (endpoint, variant, metric, minute)
            ) WITHOUT ROWID;
            CREATE INDEX variant_metrics_by_minute ON variant_metrics (minute);
            """),
    ];
}
