using Sagebrush.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Storage.Sqlite;

public sealed class SqliteMigrationRunnerTests : IDisposable
{
    // Neither step is idempotent: running one twice throws "table already exists".
    private static readonly SchemaMigration[] TwoSteps =
    [
        new(1, "CREATE TABLE first (id INTEGER);"),
        new(2, "CREATE TABLE second (id INTEGER);"),
    ];

    private readonly TempDirectory directory = new();
    private readonly SqliteConnection connection;

    public SqliteMigrationRunnerTests()
    {
        connection = new SqliteConnection($"Data Source={directory.File("test.db")};Pooling=False");
        connection.Open();
    }

    public void Dispose()
    {
        connection.Dispose();
        directory.Dispose();
    }

    [Fact]
    public void AnEmptyDatabaseGetsEveryStep()
    {
        Assert.Equal(2, SqliteMigrationRunner.Apply(connection, TwoSteps));

        Assert.Equal(["first", "second"], TableNames().Where(name => name != "schema_version"));
    }

    [Fact]
    public void ApplyingTwiceRunsNothingTheSecondTime()
    {
        SqliteMigrationRunner.Apply(connection, TwoSteps);

        Assert.Equal(2, SqliteMigrationRunner.Apply(connection, TwoSteps));
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM schema_version;"));
    }

    [Fact]
    public void OnlyTheNewStepsRunOnAnOlderDatabase()
    {
        SqliteMigrationRunner.Apply(connection, TwoSteps[..1]);

        Assert.Equal(2, SqliteMigrationRunner.Apply(connection, TwoSteps));
        Assert.Contains("second", TableNames());
    }

    [Fact]
    public void AFailingStepLeavesNoTraceAndKeepsTheEarlierSteps()
    {
        SchemaMigration[] steps = [TwoSteps[0], new(2, "CREATE TABLE half (id INTEGER); THIS IS NOT SQL;")];

        Assert.Throws<SqliteException>(() => SqliteMigrationRunner.Apply(connection, steps));

        Assert.Equal(1, SqliteMigrationRunner.CurrentVersion(connection, null));
        Assert.DoesNotContain("half", TableNames());
    }

    [Fact]
    public void ADatabaseFromANewerVersionIsRefusedWithAClearMessage()
    {
        SqliteMigrationRunner.Apply(connection, TwoSteps);

        var error = Assert.Throws<InvalidOperationException>(() => SqliteMigrationRunner.Apply(connection, TwoSteps[..1]));

        Assert.Contains("schema version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer Sagebrush", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StepsOutOfOrderAreRejected() =>
        Assert.Throws<ArgumentException>(() => SqliteMigrationRunner.Apply(connection, [TwoSteps[1], TwoSteps[0]]));

    private List<string> TableNames()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private long Scalar(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
