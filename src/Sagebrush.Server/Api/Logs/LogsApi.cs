using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sagebrush.Core.Common;
using Sagebrush.Core.Logs;
using Sagebrush.Server.Protocol.Json;

namespace Sagebrush.Server.Api.Logs;

/// <summary>
/// CloudWatch Logs (AWS JSON 1.1, target prefix <c>Logs_20140328</c>) over <see cref="SqliteLogStore"/>. Mapping only:
/// parse the shape, call the store, shape the answer.
/// Not supported yet: retention, tags and KMS keys (accepted and ignored on CreateLogGroup),
/// metric and subscription filters, Logs Insights queries, live tail, filter patterns beyond terms and quoted phrases,
/// cross-account identifiers (an ARN in logGroupIdentifier must name a group of this server).
/// </summary>
public sealed class LogsApi : IJsonService
{
    private static readonly byte[] Empty = [];

    private readonly SqliteLogStore store;
    private readonly AccountSettings account;
    private readonly TimeProvider timeProvider;

    public LogsApi(SqliteLogStore store, AccountSettings account, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.store = store;
        this.account = account;
        this.timeProvider = timeProvider;
        Operations = new Dictionary<string, JsonOperation>(StringComparer.Ordinal)
        {
            ["CreateLogGroup"] = CreateLogGroupAsync,
            ["CreateLogStream"] = CreateLogStreamAsync,
            ["DeleteLogGroup"] = DeleteLogGroupAsync,
            ["DescribeLogGroups"] = DescribeLogGroupsAsync,
            ["DescribeLogStreams"] = DescribeLogStreamsAsync,
            ["PutLogEvents"] = PutLogEventsAsync,
            ["GetLogEvents"] = GetLogEventsAsync,
            ["FilterLogEvents"] = FilterLogEventsAsync,
        };
    }

    public string TargetPrefix => "Logs_20140328";

    public string SigningName => "logs";

    public IReadOnlyDictionary<string, JsonOperation> Operations { get; }

    private async Task<byte[]> CreateLogGroupAsync(ReadOnlyMemory<byte> input, Edge.ServiceCall call)
    {
        var request = Read(input, LogsJsonContext.Default.CreateLogGroupRequest);
        await store.CreateLogGroupAsync(Required(request.LogGroupName, "logGroupName"), call.Aborted);
        return Empty;
    }

    private async Task<byte[]> CreateLogStreamAsync(ReadOnlyMemory<byte> input, Edge.ServiceCall call)
    {
        var request = Read(input, LogsJsonContext.Default.CreateLogStreamRequest);
        await store.CreateLogStreamAsync(
            Required(request.LogGroupName, "logGroupName"), Required(request.LogStreamName, "logStreamName"), call.Aborted);
        return Empty;
    }

    private async Task<byte[]> DeleteLogGroupAsync(ReadOnlyMemory<byte> input, Edge.ServiceCall call)
    {
        var request = Read(input, LogsJsonContext.Default.DeleteLogGroupRequest);
        await store.DeleteLogGroupAsync(Required(request.LogGroupName, "logGroupName"), call.Aborted);
        return Empty;
    }

    private async Task<byte[]> DescribeLogGroupsAsync(ReadOnlyMemory<byte> input, Edge.ServiceCall call)
    {
        var request = Read(input, LogsJsonContext.Default.DescribeLogGroupsRequest);
        var page = await store.DescribeLogGroupsAsync(
            request.LogGroupNamePrefix, request.LogGroupNamePattern, request.Limit, request.NextToken, call.Aborted);
        var groups = page.Items
            .Select(g => new LogGroup(g.Name, g.CreationTime, 0, GroupArn(g.Name) + ":*", g.StoredBytes))
            .ToList();
        return Write(new DescribeLogGroupsResponse(groups, page.NextToken), LogsJsonContext.Default.DescribeLogGroupsResponse);
    }

    private async Task<byte[]> DescribeLogStreamsAsync(ReadOnlyMemory<byte> input, Edge.ServiceCall call)
    {
        var request = Read(input, LogsJsonContext.Default.DescribeLogStreamsRequest);
        var group = GroupName(request.LogGroupName, request.LogGroupIdentifier);
        var orderBy = request.OrderBy switch
        {
            null or "LogStreamName" => LogStreamOrder.LogStreamName,
            "LastEventTime" => LogStreamOrder.LastEventTime,
            var other => throw LogErrors.Constraint("orderBy", other, "Member must satisfy enum value set: [LogStreamName, LastEventTime]"),
        };
        var page = await store.DescribeLogStreamsAsync(
            new LogStreamsQuery(group, request.LogStreamNamePrefix, orderBy, request.Descending ?? false, request.Limit, request.NextToken),
            call.Aborted);
        var streams = page.Items
            .Select(s => new LogStream(
                s.Name, s.CreationTime, s.FirstEventTimestamp, s.LastEventTimestamp, s.LastIngestionTime,
                $"{GroupArn(group)}:log-stream:{s.Name}", s.StoredBytes))
            .ToList();
        return Write(new DescribeLogStreamsResponse(streams, page.NextToken), LogsJsonContext.Default.DescribeLogStreamsResponse);
    }

    // The sequence token is accepted and ignored, as AWS has done since January 2023; the returned one is informative.
    private async Task<byte[]> PutLogEventsAsync(ReadOnlyMemory<byte> input, Edge.ServiceCall call)
    {
        var request = Read(input, LogsJsonContext.Default.PutLogEventsRequest);
        var group = Required(request.LogGroupName, "logGroupName");
        var stream = Required(request.LogStreamName, "logStreamName");
        LogNames.ValidateGroup(group);
        LogNames.ValidateStream(stream);
        var events = (request.LogEvents ?? throw LogErrors.Constraint("logEvents", null, "Member must not be null"))
            .Select((e, i) => new LogEvent(
                DateTimeOffset.FromUnixTimeMilliseconds(e.Timestamp ?? throw LogErrors.Constraint($"logEvents.{i + 1}.member.timestamp", null, "Member must not be null")),
                e.Message ?? throw LogErrors.Constraint($"logEvents.{i + 1}.member.message", null, "Member must not be null")))
            .ToList();

        var batch = LogBatch.Check(events, timeProvider.GetUtcNow());
        var sequence = await store.PutLogEventsAsync(group, stream, batch.Accepted, call.Aborted);
        var rejected = batch.TooNewLogEventStartIndex is null && batch.TooOldLogEventEndIndex is null
            ? null
            : new RejectedLogEventsInfo(batch.TooNewLogEventStartIndex, batch.TooOldLogEventEndIndex);
        var token = sequence.ToString("D56", CultureInfo.InvariantCulture);
        return Write(new PutLogEventsResponse(token, rejected), LogsJsonContext.Default.PutLogEventsResponse);
    }

    private async Task<byte[]> GetLogEventsAsync(ReadOnlyMemory<byte> input, Edge.ServiceCall call)
    {
        var request = Read(input, LogsJsonContext.Default.GetLogEventsRequest);
        var window = await store.GetLogEventsAsync(
            new LogEventsQuery(
                GroupName(request.LogGroupName, request.LogGroupIdentifier),
                Required(request.LogStreamName, "logStreamName"),
                request.StartTime,
                request.EndTime,
                request.StartFromHead ?? false,
                request.Limit,
                request.NextToken),
            call.Aborted);
        var events = window.Events.Select(e => new OutputLogEvent(e.Timestamp, e.Message, e.IngestionTime)).ToList();
        return Write(
            new GetLogEventsResponse(events, window.NextForwardToken, window.NextBackwardToken),
            LogsJsonContext.Default.GetLogEventsResponse);
    }

    private async Task<byte[]> FilterLogEventsAsync(ReadOnlyMemory<byte> input, Edge.ServiceCall call)
    {
        var request = Read(input, LogsJsonContext.Default.FilterLogEventsRequest);
        var page = await store.FilterLogEventsAsync(
            new FilterEventsQuery(
                GroupName(request.LogGroupName, request.LogGroupIdentifier),
                request.LogStreamNames,
                request.LogStreamNamePrefix,
                request.StartTime,
                request.EndTime,
                FilterPattern.Parse(request.FilterPattern),
                request.Limit,
                request.NextToken),
            call.Aborted);
        var events = page.Items
            .Select(e => new FilteredLogEvent(e.Stream, e.Timestamp, e.Message, e.IngestionTime, e.Sequence.ToString(CultureInfo.InvariantCulture)))
            .ToList();

        // searchedLogStreams has been an empty list on AWS since May 2020.
        return Write(new FilterLogEventsResponse(events, [], page.NextToken), LogsJsonContext.Default.FilterLogEventsResponse);
    }

    private string GroupArn(string group) => Arn.Format("logs", account.Region, account.AccountId, $"log-group:{group}");

    /// <summary>logGroupName or logGroupIdentifier (a name, or this server's ARN of a group), never both.</summary>
    private string GroupName(string? name, string? identifier)
    {
        if (name is not null && identifier is not null)
        {
            throw LogErrors.Invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        }

        if (identifier is null)
        {
            return Required(name, "logGroupName");
        }

        var arnPrefix = Arn.Format("logs", account.Region, account.AccountId, "log-group:");
        if (!identifier.StartsWith("arn:", StringComparison.Ordinal))
        {
            return identifier;
        }

        return identifier.StartsWith(arnPrefix, StringComparison.Ordinal)
            ? identifier[arnPrefix.Length..].TrimEnd('*').TrimEnd(':')
            : throw LogErrors.Invalid($"logGroupIdentifier {identifier} is not a log group ARN of account {account.AccountId} in {account.Region}.");
    }

    private static string Required(string? value, string member) =>
        value ?? throw LogErrors.Constraint(member, null, "Member must not be null");

    private static T Read<T>(ReadOnlyMemory<byte> input, JsonTypeInfo<T> shape) => JsonBodies.Read(input, shape);

    private static byte[] Write<T>(T value, JsonTypeInfo<T> shape) => JsonBodies.Write(value, shape);
}
