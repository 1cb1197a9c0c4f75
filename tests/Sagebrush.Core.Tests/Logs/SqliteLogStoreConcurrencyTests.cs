using Sagebrush.Core.Logs;

namespace Sagebrush.Core.Tests.Logs;

public sealed class SqliteLogStoreConcurrencyTests : IDisposable
{
    private readonly LogStoreScope scope = new();

    public void Dispose() => scope.Dispose();

    [Fact]
    public async Task ConcurrentAppendsFromManyThreadsKeepEveryEventAndEachBatchInOrder()
    {
        const int Writers = 16;
        const int BatchesPerWriter = 10;
        const int EventsPerBatch = 50;

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            // Two writers per stream, so batches on one stream interleave.
            var stream = $"job/algo-{writer % (Writers / 2)}-1";
            for (var batch = 0; batch < BatchesPerWriter; batch++)
            {
                var events = Enumerable.Range(0, EventsPerBatch)
                    .Select(i => LogStoreScope.Event(batch, $"w{writer} b{batch} e{i}"))
                    .ToList();
                await scope.Store.AppendAsync("/aws/sagemaker/TrainingJobs", stream, events);
            }
        }));
        await Task.WhenAll(writers);

        var all = new List<StoredLogEvent>();
        string? token = null;
        do
        {
            var page = await scope.Store.FilterLogEventsAsync(new FilterEventsQuery("/aws/sagemaker/TrainingJobs", NextToken: token));
            all.AddRange(page.Items);
            token = page.NextToken;
        }
        while (token is not null);

        Assert.Equal(Writers * BatchesPerWriter * EventsPerBatch, all.Count);
        Assert.Equal(all.Count, all.Select(e => e.Sequence).Distinct().Count());

        // One transaction per batch: a batch's events have consecutive sequences, in the order given.
        foreach (var batch in all.GroupBy(e => e.Message[..e.Message.LastIndexOf(' ')]))
        {
            var sequences = batch.OrderBy(e => e.Sequence).ToList();
            Assert.Equal(sequences[0].Sequence + EventsPerBatch - 1, sequences[^1].Sequence);
            Assert.Equal(Enumerable.Range(0, EventsPerBatch).Select(i => $"e{i}"), sequences.Select(e => e.Message[(e.Message.LastIndexOf(' ') + 1)..]));
        }

        var streams = await scope.Store.DescribeLogStreamsAsync(new LogStreamsQuery("/aws/sagemaker/TrainingJobs"));
        Assert.Equal(Writers / 2, streams.Items.Count);
    }

    [Fact]
    public async Task ConcurrentEnsuresOfOneStreamCreateItOnce()
    {
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => scope.Store.EnsureStreamAsync("g", "s"))));

        var page = await scope.Store.DescribeLogStreamsAsync(new LogStreamsQuery("g"));

        Assert.Single(page.Items);
    }

    [Fact]
    public async Task AppendingTenThousandEventsInOneBatchIsFast()
    {
        var events = Enumerable.Range(0, 10_000).Select(i => LogStoreScope.Event(i / 100, $"step {i} loss 0.{i}")).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await scope.Store.AppendAsync("g", "s", events);

        // A bound, not a benchmark: one transaction with a prepared insert takes tens of milliseconds; a commit per
        // event would take seconds.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(10_000, (await scope.Store.GetLogEventsAsync(new LogEventsQuery("g", "s"))).Events.Count);
    }
}
