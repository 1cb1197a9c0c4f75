namespace Sagebrush.Core.Storage.Sqlite;

/// <summary>One step of a SQLite schema: the version it brings the database to and the SQL that does it.</summary>
public sealed record SchemaMigration(int Version, string Sql);
