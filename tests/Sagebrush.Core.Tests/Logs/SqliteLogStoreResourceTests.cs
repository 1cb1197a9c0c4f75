using Sagebrush.Core.Common;
using Sagebrush.Core.Logs;

namespace Sagebrush.Core.Tests.Logs;

public sealed class SqliteLogStoreResourceTests : IDisposable
{
    private readonly LogStoreScope scope = new();

    private SqliteLogStore Store => scope.Store;

    public void Dispose() => scope.Dispose();

    private long CountRows(string table)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={scope.DatabasePath};Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM {table};";
        return (long)count.ExecuteScalar()!;
    }

    [Fact]
    public async Task CreatingAGroupTwiceIsResourceAlreadyExists()
    {
        await Store.CreateLogGroupAsync("/aws/test");

        var error = await Assert.ThrowsAsync<AwsException>(() => Store.CreateLogGroupAsync("/aws/test"));

        Assert.Equal(LogErrors.ResourceAlreadyExists, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task CreatingAStreamInAMissingGroupSaysTheGroupDoesNotExist()
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => Store.CreateLogStreamAsync("/aws/missing", "s"));

        Assert.Equal(LogErrors.ResourceNotFound, error.Code);
        Assert.Equal("The specified log group does not exist.", error.Message);
    }

    [Fact]
    public async Task CreatingAStreamTwiceIsResourceAlreadyExists()
    {
        await Store.CreateLogGroupAsync("g");
        await Store.CreateLogStreamAsync("g", "s");

        var error = await Assert.ThrowsAsync<AwsException>(() => Store.CreateLogStreamAsync("g", "s"));

        Assert.Equal(LogErrors.ResourceAlreadyExists, error.Code);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("colon:")]
    [InlineData("")]
    public async Task GroupNamesOutsideAwsPatternAreInvalidParameters(string name)
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => Store.CreateLogGroupAsync(name));

        Assert.Equal(LogErrors.InvalidParameter, error.Code);
    }

    [Fact]
    public async Task StreamNamesWithColonsOrStarsAreInvalidParameters()
    {
        await Store.CreateLogGroupAsync("g");

        var error = await Assert.ThrowsAsync<AwsException>(() => Store.CreateLogStreamAsync("g", "a:b"));

        Assert.Equal(LogErrors.InvalidParameter, error.Code);
    }

    [Fact]
    public async Task DeletingAGroupRemovesItsStreamsAndEvents()
    {
        await scope.AppendLinesAsync("g", "s", 3);

        await Store.DeleteLogGroupAsync("g");

        Assert.Empty((await Store.DescribeLogGroupsAsync()).Items);
        var error = await Assert.ThrowsAsync<AwsException>(() => Store.GetLogEventsAsync(new LogEventsQuery("g", "s")));
        Assert.Equal("The specified log group does not exist.", error.Message);
        Assert.Equal(0, CountRows("log_events"));
        Assert.Equal(0, CountRows("log_streams"));
    }

    [Fact]
    public async Task DeletingAMissingGroupIsResourceNotFound()
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => Store.DeleteLogGroupAsync("nope"));

        Assert.Equal(LogErrors.ResourceNotFound, error.Code);
    }

    [Fact]
    public async Task GroupsListInNameOrderByPrefixAcrossPages()
    {
        foreach (var name in new[] { "/b/2", "/a/1", "/b/1", "/c", "/b/3" })
        {
            await Store.CreateLogGroupAsync(name);
        }

        var first = await Store.DescribeLogGroupsAsync("/b/", limit: 2);
        var second = await Store.DescribeLogGroupsAsync("/b/", limit: 2, nextToken: first.NextToken);

        Assert.Equal(["/b/1", "/b/2"], first.Items.Select(g => g.Name));
        Assert.NotNull(first.NextToken);
        Assert.Equal(["/b/3"], second.Items.Select(g => g.Name));
        Assert.Null(second.NextToken);
    }

    [Fact]
    public async Task GroupsMatchANamePatternAsACaseSensitiveSubstring()
    {
        foreach (var name in new[] { "FooBar", "aws/Foo", "foo", "F/o/o" })
        {
            await Store.CreateLogGroupAsync(name);
        }

        var page = await Store.DescribeLogGroupsAsync(pattern: "Foo");

        Assert.Equal(["FooBar", "aws/Foo"], page.Items.Select(g => g.Name));
    }

    [Fact]
    public async Task GroupsRecordCreationTimeAndStoredBytes()
    {
        await Store.AppendAsync("g", "s", [LogStoreScope.Event(0, "héllo")]);

        var group = Assert.Single((await Store.DescribeLogGroupsAsync()).Items);

        Assert.Equal(LogStoreScope.Epoch.ToUnixTimeMilliseconds(), group.CreationTime);
        Assert.Equal(6, group.StoredBytes);
    }

    [Fact]
    public async Task StreamsTrackFirstAndLastEventAndIngestionTimes()
    {
        await Store.AppendAsync("g", "s", [LogStoreScope.Event(5, "a"), LogStoreScope.Event(9, "b")]);
        scope.Clock.Advance(TimeSpan.FromMinutes(1));
        await Store.AppendAsync("g", "s", [LogStoreScope.Event(2, "c")]);

        var stream = Assert.Single((await Store.DescribeLogStreamsAsync(new LogStreamsQuery("g"))).Items);

        Assert.Equal(LogStoreScope.At(2), stream.FirstEventTimestamp);
        Assert.Equal(LogStoreScope.At(9), stream.LastEventTimestamp);
        Assert.Equal(LogStoreScope.Epoch.AddMinutes(1).ToUnixTimeMilliseconds(), stream.LastIngestionTime);
        Assert.Equal(3, stream.StoredBytes);
    }

    [Fact]
    public async Task AStreamWithoutEventsHasNoEventTimes()
    {
        await Store.EnsureStreamAsync("g", "empty");

        var stream = Assert.Single((await Store.DescribeLogStreamsAsync(new LogStreamsQuery("g"))).Items);

        Assert.Null(stream.FirstEventTimestamp);
        Assert.Null(stream.LastEventTimestamp);
        Assert.Null(stream.LastIngestionTime);
    }

    [Fact]
    public async Task EnsuringAStreamTwiceNeverFails()
    {
        await Store.EnsureStreamAsync("g", "s");
        await Store.EnsureStreamAsync("g", "s");

        Assert.Single((await Store.DescribeLogStreamsAsync(new LogStreamsQuery("g"))).Items);
    }

    [Fact]
    public async Task StreamsOrderByNameOrLastEventTimeEitherWayAcrossPages()
    {
        await scope.AppendLinesAsync("g", "c", 1, firstSecond: 10);
        await scope.AppendLinesAsync("g", "a", 1, firstSecond: 30);
        await scope.AppendLinesAsync("g", "b", 1, firstSecond: 20);
        await Store.EnsureStreamAsync("g", "d");

        async Task<List<string>> AllAsync(LogStreamsQuery query)
        {
            var names = new List<string>();
            string? token = null;
            do
            {
                var page = await Store.DescribeLogStreamsAsync(query with { Limit = 1, NextToken = token });
                names.AddRange(page.Items.Select(s => s.Name));
                token = page.NextToken;
            }
            while (token is not null);
            return names;
        }

        Assert.Equal(["a", "b", "c", "d"], await AllAsync(new LogStreamsQuery("g")));
        Assert.Equal(["d", "c", "b", "a"], await AllAsync(new LogStreamsQuery("g", Descending: true)));
        Assert.Equal(["d", "c", "b", "a"], await AllAsync(new LogStreamsQuery("g", OrderBy: LogStreamOrder.LastEventTime)));
        Assert.Equal(["a", "b", "c", "d"], await AllAsync(new LogStreamsQuery("g", OrderBy: LogStreamOrder.LastEventTime, Descending: true)));
    }

    [Fact]
    public async Task StreamPrefixCannotBeCombinedWithLastEventTimeOrder()
    {
        await Store.EnsureStreamAsync("g", "s");

        var error = await Assert.ThrowsAsync<AwsException>(() =>
            Store.DescribeLogStreamsAsync(new LogStreamsQuery("g", "s", LogStreamOrder.LastEventTime)));

        Assert.Equal(LogErrors.InvalidParameter, error.Code);
    }

    [Fact]
    public async Task StreamsFilterByPrefix()
    {
        await Store.EnsureStreamAsync("g", "job-a/algo-1-1");
        await Store.EnsureStreamAsync("g", "job-a/algo-2-1");
        await Store.EnsureStreamAsync("g", "job-ab/algo-1-1");

        var page = await Store.DescribeLogStreamsAsync(new LogStreamsQuery("g", "job-a/"));

        Assert.Equal(["job-a/algo-1-1", "job-a/algo-2-1"], page.Items.Select(s => s.Name));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public async Task DescribeLimitsOutsideOneToFiftyAreInvalid(int limit)
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => Store.DescribeLogGroupsAsync(limit: limit));

        Assert.Equal(LogErrors.InvalidParameter, error.Code);
    }

    [Fact]
    public async Task AGarbledTokenIsInvalidParameter()
    {
        await Store.EnsureStreamAsync("g", "s");

        var error = await Assert.ThrowsAsync<AwsException>(() => Store.DescribeLogGroupsAsync(nextToken: "!!not-a-token"));

        Assert.Equal("The specified nextToken is invalid.", error.Message);
    }

    [Fact]
    public async Task AReadOnlyStoreReadsWhatTheWriterWroteAndRefusesWrites()
    {
        await scope.AppendLinesAsync("g", "s", 2);

        using var reader = SqliteLogStore.OpenReadOnly(scope.DatabasePath, TimeProvider.System);

        Assert.Equal(2, (await reader.GetLogEventsAsync(new LogEventsQuery("g", "s"))).Events.Count);
        await Assert.ThrowsAnyAsync<Exception>(() => reader.AppendAsync("g", "s", [LogStoreScope.Event(0, "x")]));
    }

    [Fact]
    public void OpeningAMissingFileReadOnlyFails()
    {
        Assert.Throws<FileNotFoundException>(() => SqliteLogStore.OpenReadOnly(scope.DatabasePath + ".missing", TimeProvider.System));
    }

    [Fact]
    public async Task ReopeningTheFileKeepsEverything()
    {
        await scope.AppendLinesAsync("g", "s", 3);

        using var reopened = new SqliteLogStore(scope.DatabasePath, TimeProvider.System);

        Assert.Equal(3, (await reopened.GetLogEventsAsync(new LogEventsQuery("g", "s"))).Events.Count);
    }
}
