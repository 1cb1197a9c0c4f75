using Sagebrush.Core.Common;
using Sagebrush.Core.Logs;

namespace Sagebrush.Core.Tests.Logs;

public sealed class SqliteLogStoreEventTests : IDisposable
{
    private readonly LogStoreScope scope = new();

    private SqliteLogStore Store => scope.Store;

    public void Dispose() => scope.Dispose();

    [Fact]
    public async Task EventsComeBackInTimestampOrderWhateverTheOrderOfBatches()
    {
        await Store.AppendAsync("g", "s", [LogStoreScope.Event(10, "late batch, later time")]);
        await Store.AppendAsync("g", "s", [LogStoreScope.Event(1, "first"), LogStoreScope.Event(1, "same time, stored after")]);

        var window = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", StartFromHead: true));

        Assert.Equal(["first", "same time, stored after", "late batch, later time"], window.Events.Select(e => e.Message));
        Assert.All(window.Events, e => Assert.Equal(LogStoreScope.Epoch.ToUnixTimeMilliseconds(), e.IngestionTime));
    }

    [Fact]
    public async Task WithoutStartFromHeadTheNewestEventsComeBackOldestFirst()
    {
        await scope.AppendLinesAsync("g", "s", 10);

        var window = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", Limit: 3));

        Assert.Equal(["line 7", "line 8", "line 9"], window.Events.Select(e => e.Message));
    }

    [Fact]
    public async Task PagingForwardEndsWhenTheSameTokenComesBack()
    {
        await scope.AppendLinesAsync("g", "s", 7);

        var seen = new List<string>();
        var window = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", StartFromHead: true, Limit: 3));
        seen.AddRange(window.Events.Select(e => e.Message));
        var calls = 1;
        while (true)
        {
            var next = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", Limit: 3, NextToken: window.NextForwardToken));
            calls++;
            seen.AddRange(next.Events.Select(e => e.Message));
            if (next.NextForwardToken == window.NextForwardToken)
            {
                Assert.Empty(next.Events);
                break;
            }

            window = next;
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"line {i}"), seen);
        Assert.Equal(4, calls); // 3 + 3 + 1, then the empty call that repeats the token
    }

    [Fact]
    public async Task AForwardTokenAtTheEndPicksUpEventsAppendedLater()
    {
        await scope.AppendLinesAsync("g", "s", 2);
        var window = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", StartFromHead: true));
        var end = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", NextToken: window.NextForwardToken));
        Assert.Equal(window.NextForwardToken, end.NextForwardToken);

        await Store.AppendAsync("g", "s", [LogStoreScope.Event(5, "new")]);
        var resumed = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", NextToken: end.NextForwardToken));

        Assert.Equal(["new"], resumed.Events.Select(e => e.Message));
    }

    [Fact]
    public async Task AnEmptyStreamGivesTokensThatSeeLaterEvents()
    {
        await Store.EnsureStreamAsync("g", "s");

        var empty = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", StartFromHead: true));
        await scope.AppendLinesAsync("g", "s", 2);
        var later = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", NextToken: empty.NextForwardToken));

        Assert.Empty(empty.Events);
        Assert.Equal(2, later.Events.Count);
    }

    [Fact]
    public async Task PagingBackwardWalksToTheStartAndThenRepeatsItsToken()
    {
        await scope.AppendLinesAsync("g", "s", 5);

        var newest = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", Limit: 2));
        var older = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", Limit: 2, NextToken: newest.NextBackwardToken));
        var oldest = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", Limit: 2, NextToken: older.NextBackwardToken));
        var beyond = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", Limit: 2, NextToken: oldest.NextBackwardToken));

        Assert.Equal(["line 3", "line 4"], newest.Events.Select(e => e.Message));
        Assert.Equal(["line 1", "line 2"], older.Events.Select(e => e.Message));
        Assert.Equal(["line 0"], oldest.Events.Select(e => e.Message));
        Assert.Empty(beyond.Events);
        Assert.Equal(oldest.NextBackwardToken, beyond.NextBackwardToken);
    }

    [Fact]
    public async Task ABackwardPageForwardTokenLeadsBackToNewerEvents()
    {
        await scope.AppendLinesAsync("g", "s", 4);
        var newest = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", Limit: 2));
        var older = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", Limit: 2, NextToken: newest.NextBackwardToken));

        var again = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", NextToken: older.NextForwardToken));

        Assert.Equal(["line 2", "line 3"], again.Events.Select(e => e.Message));
    }

    [Fact]
    public async Task StartTimeIsInclusiveAndEndTimeExclusive()
    {
        await scope.AppendLinesAsync("g", "s", 6);

        var window = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", LogStoreScope.At(2), LogStoreScope.At(4), StartFromHead: true));

        Assert.Equal(["line 2", "line 3"], window.Events.Select(e => e.Message));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public async Task EventLimitsOutsideOneToTenThousandAreInvalid(int limit)
    {
        await Store.EnsureStreamAsync("g", "s");

        var error = await Assert.ThrowsAsync<AwsException>(() => Store.GetLogEventsAsync(new LogEventsQuery("g", "s", Limit: limit)));

        Assert.Equal(LogErrors.InvalidParameter, error.Code);
    }

    [Fact]
    public async Task ResponsesStopAtOneMegabyteAndTheTokenContinues()
    {
        var big = new string('x', 100_000);
        await Store.AppendAsync("g", "s", Enumerable.Range(0, 15).Select(i => LogStoreScope.Event(i, big)).ToList());

        var first = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", StartFromHead: true));
        var rest = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s", NextToken: first.NextForwardToken));

        Assert.Equal(10, first.Events.Count);
        Assert.Equal(5, rest.Events.Count);
    }

    [Fact]
    public async Task AMissingStreamOrGroupIsResourceNotFoundInAwsWords()
    {
        await Store.EnsureStreamAsync("g", "s");

        var noStream = await Assert.ThrowsAsync<AwsException>(() => Store.GetLogEventsAsync(new LogEventsQuery("g", "other")));
        var noGroup = await Assert.ThrowsAsync<AwsException>(() => Store.GetLogEventsAsync(new LogEventsQuery("other", "s")));

        Assert.Equal("The specified log stream does not exist.", noStream.Message);
        Assert.Equal("The specified log group does not exist.", noGroup.Message);
    }

    [Fact]
    public async Task PutLogEventsNeedsAnExistingStream()
    {
        await Store.CreateLogGroupAsync("g");

        var error = await Assert.ThrowsAsync<AwsException>(() => Store.PutLogEventsAsync("g", "s", [LogStoreScope.Event(0, "x")]));

        Assert.Equal("The specified log stream does not exist.", error.Message);
    }

    [Fact]
    public async Task AGetLogEventsTokenIsRejectedByFilterLogEvents()
    {
        await scope.AppendLinesAsync("g", "s", 2);
        var window = await Store.GetLogEventsAsync(new LogEventsQuery("g", "s"));

        var error = await Assert.ThrowsAsync<AwsException>(() => Store.FilterLogEventsAsync(new FilterEventsQuery("g", NextToken: window.NextForwardToken)));

        Assert.Equal(LogErrors.InvalidParameter, error.Code);
    }

    [Fact]
    public async Task FilteringInterleavesStreamsInTimeOrder()
    {
        await Store.AppendAsync("g", "job/algo-1-1", [LogStoreScope.Event(0, "a0"), LogStoreScope.Event(2, "a2")]);
        await Store.AppendAsync("g", "job/algo-2-1", [LogStoreScope.Event(1, "b1"), LogStoreScope.Event(3, "b3")]);

        var page = await Store.FilterLogEventsAsync(new FilterEventsQuery("g"));

        Assert.Equal(["a0", "b1", "a2", "b3"], page.Items.Select(e => e.Message));
        Assert.Equal(["job/algo-1-1", "job/algo-2-1", "job/algo-1-1", "job/algo-2-1"], page.Items.Select(e => e.Stream));
        Assert.Null(page.NextToken);
    }

    [Fact]
    public async Task FilteringMatchesEveryTermAndPhraseCaseSensitively()
    {
        await Store.AppendAsync("g", "s",
        [
            LogStoreScope.Event(0, "ERROR loss is nan"),
            LogStoreScope.Event(1, "error loss is nan"),
            LogStoreScope.Event(2, "ERROR is loss nan"),
            LogStoreScope.Event(3, "INFO loss is 0.3"),
        ]);

        var page = await Store.FilterLogEventsAsync(new FilterEventsQuery("g", Pattern: FilterPattern.Parse("ERROR \"loss is\"")));

        Assert.Equal(["ERROR loss is nan"], page.Items.Select(e => e.Message));
    }

    [Fact]
    public async Task FilteringByStreamNamesOrPrefixAndTimeRangeBothInclusive()
    {
        await scope.AppendLinesAsync("g", "a/1", 5);
        await scope.AppendLinesAsync("g", "a/2", 5);
        await scope.AppendLinesAsync("g", "b/1", 5);

        var byNames = await Store.FilterLogEventsAsync(new FilterEventsQuery("g", StreamNames: ["a/2", "b/1"], StartTime: LogStoreScope.At(1), EndTime: LogStoreScope.At(2)));
        var byPrefix = await Store.FilterLogEventsAsync(new FilterEventsQuery("g", StreamNamePrefix: "a/", StartTime: LogStoreScope.At(4)));

        Assert.Equal(["a/2", "b/1", "a/2", "b/1"], byNames.Items.Select(e => e.Stream));
        Assert.Equal(["line 1", "line 1", "line 2", "line 2"], byNames.Items.Select(e => e.Message));
        Assert.Equal(["a/1", "a/2"], byPrefix.Items.Select(e => e.Stream));
    }

    [Fact]
    public async Task FilteringPagesUntilATokenlessPage()
    {
        await scope.AppendLinesAsync("g", "s1", 5);
        await scope.AppendLinesAsync("g", "s2", 5);

        var seen = new List<long>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.FilterLogEventsAsync(new FilterEventsQuery("g", Limit: 5, NextToken: token));
            seen.AddRange(page.Items.Select(e => e.Sequence));
            token = page.NextToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(2, pages); // exactly 10 events in pages of 5: no empty third page
        Assert.Equal(10, seen.Distinct().Count());
    }

    [Fact]
    public async Task FilteringWithBothStreamNamesAndPrefixIsInvalid()
    {
        await Store.EnsureStreamAsync("g", "s");

        var error = await Assert.ThrowsAsync<AwsException>(() => Store.FilterLogEventsAsync(new FilterEventsQuery("g", ["s"], "s")));

        Assert.Equal(LogErrors.InvalidParameter, error.Code);
    }

    [Fact]
    public async Task FilteringAMissingGroupIsResourceNotFound()
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => Store.FilterLogEventsAsync(new FilterEventsQuery("nope")));

        Assert.Equal("The specified log group does not exist.", error.Message);
    }

    [Fact]
    public async Task ReadingAfterASequenceReturnsOnlyNewerEventsInIngestionOrder()
    {
        await scope.AppendLinesAsync("g", "job/algo-1-1", 3, firstSecond: 10);
        var mark = await Store.LastSequenceAsync();
        await Store.AppendAsync("g", "job/algo-1-1", [LogStoreScope.Event(20, "new")]);
        await Store.AppendAsync("g", "job/algo-2-1", [LogStoreScope.Event(5, "late, earlier time")]);
        await Store.AppendAsync("g", "other/algo-1-1", [LogStoreScope.Event(30, "other job")]);

        var fresh = await Store.ReadEventsAfterAsync("g", "job/", mark);

        Assert.Equal(["new", "late, earlier time"], fresh.Select(e => e.Message));
        Assert.Empty(await Store.ReadEventsAfterAsync("missing-group", "job/", 0));
    }

    [Fact]
    public async Task FilteringUpToASequenceIgnoresLaterEvents()
    {
        await scope.AppendLinesAsync("g", "s", 3);
        var mark = await Store.LastSequenceAsync();
        await scope.AppendLinesAsync("g", "s", 3, firstSecond: 100);

        var page = await Store.FilterLogEventsAsync(new FilterEventsQuery("g", UpToSequence: mark));

        Assert.Equal(3, page.Items.Count);
    }
}
