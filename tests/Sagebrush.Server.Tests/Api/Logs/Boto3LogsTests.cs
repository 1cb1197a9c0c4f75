using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.Logs;

/// <summary>CloudWatch Logs through Debian's boto3, as the SageMaker Python SDK and user scripts call it.</summary>
public sealed class Boto3LogsTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private const string Prelude = """
        import time
        logs = boto3.client("logs", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))
        now = int(time.time() * 1000)

        def put(group, stream, messages, start=None):
            base = now if start is None else start
            logs.put_log_events(logGroupName=group, logStreamName=stream,
                                logEvents=[{"timestamp": base + i, "message": m} for i, m in enumerate(messages)])

        """;

    private readonly Boto3 boto3 = new(server);

    [Fact]
    public async Task GetLogEventsPagesByForwardTokenUntilItRepeats()
    {
        (await boto3.RunAsync(Prelude + """
            logs.create_log_group(logGroupName="/boto/paging")
            logs.create_log_stream(logGroupName="/boto/paging", logStreamName="job/algo-1-1")
            put("/boto/paging", "job/algo-1-1", [f"line {i}" for i in range(25)])

            # The SageMaker SDK's loop: start from the head, follow nextForwardToken until it comes back unchanged.
            seen, token, calls = [], None, 0
            while True:
                args = {"nextToken": token} if token else {}
                r = logs.get_log_events(logGroupName="/boto/paging", logStreamName="job/algo-1-1", startFromHead=True, limit=10, **args)
                calls += 1
                seen += [e["message"] for e in r["events"]]
                if r["nextForwardToken"] == token:
                    assert r["events"] == [], r
                    break
                token = r["nextForwardToken"]
                assert calls < 10, "the forward token never repeated"
            assert seen == [f"line {i}" for i in range(25)], seen
            assert calls == 4, calls

            # Default (startFromHead false): the newest events, oldest first; then backward from there.
            r = logs.get_log_events(logGroupName="/boto/paging", logStreamName="job/algo-1-1", limit=5)
            assert [e["message"] for e in r["events"]] == [f"line {i}" for i in range(20, 25)], r["events"]
            back = logs.get_log_events(logGroupName="/boto/paging", logStreamName="job/algo-1-1", limit=5, nextToken=r["nextBackwardToken"])
            assert [e["message"] for e in back["events"]] == [f"line {i}" for i in range(15, 20)], back["events"]
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task FilterLogEventsPaginatorWalksEveryMatchAcrossStreams()
    {
        (await boto3.RunAsync(Prelude + """
            logs.create_log_group(logGroupName="/boto/filter")
            for host in ("algo-1", "algo-2"):
                logs.create_log_stream(logGroupName="/boto/filter", logStreamName=f"job/{host}-1")
            put("/boto/filter", "job/algo-1-1", [f"step {i} loss {'nan' if i % 3 == 0 else '0.1'}" for i in range(0, 40, 2)])
            put("/boto/filter", "job/algo-2-1", [f"step {i} loss {'nan' if i % 3 == 0 else '0.1'}" for i in range(1, 40, 2)], start=now + 100)

            pages = logs.get_paginator("filter_log_events").paginate(
                logGroupName="/boto/filter", logStreamNamePrefix="job/", filterPattern='"loss nan"',
                PaginationConfig={"PageSize": 3})
            events = [e for page in pages for e in page["events"]]
            expected = [i for i in range(0, 40, 2) if i % 3 == 0] + [i for i in range(1, 40, 2) if i % 3 == 0]
            assert [int(e["message"].split()[1]) for e in events] == expected, [e["message"] for e in events]
            assert {e["logStreamName"] for e in events} == {"job/algo-1-1", "job/algo-2-1"}
            assert len({e["eventId"] for e in events}) == len(events)
            times = [e["timestamp"] for e in events]
            assert times == sorted(times)

            streams = [s["logStreamName"] for page in logs.get_paginator("describe_log_streams").paginate(
                logGroupName="/boto/filter", PaginationConfig={"PageSize": 1}) for s in page["logStreams"]]
            assert streams == ["job/algo-1-1", "job/algo-2-1"], streams
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task ErrorsArriveAsAwsCodesWithStatus400()
    {
        (await boto3.RunAsync(Prelude + """
            def error_of(call, **kwargs):
                try:
                    call(**kwargs)
                except botocore.exceptions.ClientError as e:
                    return e.response["Error"]["Code"], e.response["Error"]["Message"], e.response["ResponseMetadata"]["HTTPStatusCode"]
                raise AssertionError("no error")

            assert error_of(logs.describe_log_streams, logGroupName="/boto/none") == \
                ("ResourceNotFoundException", "The specified log group does not exist.", 400)
            assert error_of(logs.filter_log_events, logGroupName="/boto/none")[0] == "ResourceNotFoundException"
            assert error_of(logs.delete_log_group, logGroupName="/boto/none")[0] == "ResourceNotFoundException"

            logs.create_log_group(logGroupName="/boto/errors")
            logs.create_log_stream(logGroupName="/boto/errors", logStreamName="s")
            assert error_of(logs.get_log_events, logGroupName="/boto/errors", logStreamName="other") == \
                ("ResourceNotFoundException", "The specified log stream does not exist.", 400)
            assert error_of(logs.create_log_stream, logGroupName="/boto/errors", logStreamName="s")[0] == "ResourceAlreadyExistsException"
            code, message, status = error_of(logs.put_log_events, logGroupName="/boto/errors", logStreamName="s",
                logEvents=[{"timestamp": now, "message": "b"}, {"timestamp": now - 1, "message": "a"}])
            assert (code, status) == ("InvalidParameterException", 400), (code, message)
            assert error_of(logs.filter_log_events, logGroupName="/boto/errors", filterPattern="{ $.x = 1 }")[0] == "InvalidParameterException"
            assert error_of(logs.describe_log_streams, logGroupName="/boto/errors", orderBy="LastEventTime", logStreamNamePrefix="s")[0] == "InvalidParameterException"

            # The sequence token is accepted and ignored, whatever it says.
            logs.put_log_events(logGroupName="/boto/errors", logStreamName="s", sequenceToken="anything",
                                logEvents=[{"timestamp": now, "message": "ok"}])
            logs.delete_log_group(logGroupName="/boto/errors")
            assert error_of(logs.describe_log_streams, logGroupName="/boto/errors")[0] == "ResourceNotFoundException"
            """)).EnsureSuccess();
    }
}
