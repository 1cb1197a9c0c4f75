using Sagebrush.Core.Common;
using Sagebrush.Core.Logs;

namespace Sagebrush.Core.Tests.Logs;

public sealed class LogBatchTests
{
    private static readonly DateTimeOffset Now = LogStoreScope.Epoch;

    private static LogEvent At(TimeSpan offset, string message = "m") => new(Now + offset, message);

    [Fact]
    public void AChronologicalBatchIsAcceptedWhole()
    {
        var events = new[] { At(TimeSpan.FromMinutes(-1)), At(TimeSpan.Zero), At(TimeSpan.Zero) };

        var batch = LogBatch.Check(events, Now);

        Assert.Equal(3, batch.Accepted.Count);
        Assert.Null(batch.TooNewLogEventStartIndex);
        Assert.Null(batch.TooOldLogEventEndIndex);
    }

    [Fact]
    public void AnOutOfOrderBatchIsRejectedInAwsWords()
    {
        var error = Assert.Throws<AwsException>(() => LogBatch.Check([At(TimeSpan.Zero), At(TimeSpan.FromSeconds(-1))], Now));

        Assert.Equal(LogErrors.InvalidParameter, error.Code);
        Assert.Equal("Log events in a single PutLogEvents request must be in chronological order.", error.Message);
    }

    [Fact]
    public void TooOldAndTooNewEventsAreDroppedAndReportedWithAwsIndexes()
    {
        var events = new[]
        {
            At(TimeSpan.FromDays(-15)),
            At(TimeSpan.FromDays(-14.5)),
            At(TimeSpan.Zero, "kept"),
            At(TimeSpan.FromHours(3)),
        };

        var batch = LogBatch.Check(events, Now);

        Assert.Equal(["kept"], batch.Accepted.Select(e => e.Message));
        Assert.Equal(2, batch.TooOldLogEventEndIndex); // exclusive
        Assert.Equal(3, batch.TooNewLogEventStartIndex); // inclusive
    }

    [Fact]
    public void AcceptedEventsMayNotSpanMoreThanADay()
    {
        var error = Assert.Throws<AwsException>(() => LogBatch.Check([At(TimeSpan.FromHours(-25)), At(TimeSpan.Zero)], Now));

        Assert.Equal(LogErrors.InvalidParameter, error.Code);
    }

    [Fact]
    public void ABatchOverOneMegabyteIsRejected()
    {
        var events = Enumerable.Range(0, 2).Select(_ => At(TimeSpan.Zero, new string('x', 600_000))).ToList();

        var error = Assert.Throws<AwsException>(() => LogBatch.Check(events, Now));

        Assert.StartsWith("Upload too large", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyBatchOrAnEmptyMessageIsInvalid()
    {
        Assert.Equal(LogErrors.InvalidParameter, Assert.Throws<AwsException>(() => LogBatch.Check([], Now)).Code);
        Assert.Equal(LogErrors.InvalidParameter, Assert.Throws<AwsException>(() => LogBatch.Check([At(TimeSpan.Zero, "")], Now)).Code);
    }
}
