using System.Globalization;
using System.Threading.Channels;
using Sagebrush.Core.Compute.Jobs;

namespace Sagebrush.Core.Logs;

/// <summary>
/// A job's lines on their way to CloudWatch Logs, as SageMaker names them: group <c>/aws/sagemaker/&lt;Kind&gt;Jobs</c>,
/// stream <c>&lt;job&gt;/&lt;host&gt;-&lt;epoch seconds of the start&gt;</c>. Writing only enqueues; one pump appends in
/// batches (100 lines or 100 ms). A failing log store never fails the job. Secondary statuses go to
/// <paramref name="onStatus"/> when given.
/// </summary>
public sealed class JobLogWriter : IJobObserver, IAsyncDisposable
{
    private const int FlushLines = 100;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    private readonly Channel<(string Stream, LogEvent Event)> lines = Channel.CreateUnbounded<(string, LogEvent)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogStore? store;
    private readonly string group;
    private readonly string jobName;
    private readonly string suffix;
    private readonly Action<string, string>? onStatus;
    private readonly Func<string, string>? streamOf;
    private readonly TaskCompletionSource finishing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task pump;

    /// <param name="streamOf">A host's stream, when not <c>&lt;job&gt;/&lt;host&gt;-&lt;epoch&gt;</c> (batch transform's data-log).</param>
    public JobLogWriter(ILogStore? store, string group, string jobName, DateTimeOffset start, Action<string, string>? onStatus = null, Func<string, string>? streamOf = null)
    {
        this.streamOf = streamOf;
        this.store = store;
        this.group = group;
        this.jobName = jobName;
        this.onStatus = onStatus;
        suffix = "-" + start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        pump = Task.Run(PumpAsync);
    }

    /// <summary>The stream of one host.</summary>
    public string StreamOf(string host) => streamOf?.Invoke(host) ?? $"{jobName}/{host}{suffix}";

    public void OnSecondaryStatus(string status, string message) => onStatus?.Invoke(status, message);

    public void OnLogLine(string host, DateTimeOffset timestamp, string line) =>
        lines.Writer.TryWrite((StreamOf(host), new LogEvent(timestamp, line.Length == 0 ? " " : line)));

    /// <summary>Writes what is left; call once the job's hosts have ended.</summary>
    public async ValueTask DisposeAsync()
    {
        lines.Writer.TryComplete();
        finishing.TrySetResult();
        await pump;
    }

    private async Task PumpAsync()
    {
        var pending = new Dictionary<string, List<LogEvent>>(StringComparer.Ordinal);
        var count = 0;
        while (await lines.Reader.WaitToReadAsync())
        {
            await Task.WhenAny(Task.Delay(FlushInterval), finishing.Task);
            while (lines.Reader.TryRead(out var item))
            {
                if (!pending.TryGetValue(item.Stream, out var batch))
                {
                    pending[item.Stream] = batch = [];
                }

                batch.Add(item.Event);
                if (++count >= FlushLines)
                {
                    await FlushAsync(pending);
                    count = 0;
                }
            }

            await FlushAsync(pending);
            count = 0;
        }
    }

    private async Task FlushAsync(Dictionary<string, List<LogEvent>> pending)
    {
        foreach (var (stream, batch) in pending)
        {
            if (store is null || batch.Count == 0)
            {
                continue;
            }

            try
            {
                await store.AppendAsync(group, stream, batch.ToList());
            }
#pragma warning disable CA1031 // a failing log store never takes a job down
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        pending.Clear();
    }
}
