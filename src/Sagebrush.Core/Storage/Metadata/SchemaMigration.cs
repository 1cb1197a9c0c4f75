namespace Sagebrush.Core.Storage.Metadata;

/// <summary>One step of a SQLite schema: the version it brings the database to and the SQL that does it.</summary>
public sealed record SchemaMigration(int Version, string Sql);
