using System.Threading.Channels;
using Sagebrush.Core.Logs;

namespace Sagebrush.Core.Hosting.Instances;

/// <summary>
/// An instance's output on its way to CloudWatch Logs (group <c>/aws/sagemaker/Endpoints/&lt;endpoint&gt;</c>, stream
/// <c>&lt;variant&gt;/&lt;instance id&gt;</c>, as SageMaker names them), batched by one pump, and the last standard-error
/// lines kept for a FailureReason. Writing never blocks the process's output and a failing log store never fails the
/// instance.
/// </summary>
internal sealed class InstanceLog : IAsyncDisposable
{
    public const string GroupPrefix = "/aws/sagemaker/Endpoints/";
    private const int ErrorLinesKept = 10;
    private const int FlushLines = 200;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    private readonly Channel<LogEvent> lines = Channel.CreateUnbounded<LogEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<string> lastErrors = new();
    private readonly ILogStore? store;
    private readonly TimeProvider time;
    private readonly Task pump;

    public InstanceLog(ILogStore? store, string group, string stream, TimeProvider time)
    {
        this.store = store;
        this.time = time;
        Group = group;
        Stream = stream;
        pump = Task.Run(PumpAsync);
    }

    public string Group { get; }

    public string Stream { get; }

    public void Write(string line, bool isError)
    {
        if (isError)
        {
            lock (lastErrors)
            {
                lastErrors.Enqueue(line);
                if (lastErrors.Count > ErrorLinesKept)
                {
                    lastErrors.Dequeue();
                }
            }
        }

        lines.Writer.TryWrite(new LogEvent(time.GetUtcNow(), line.Length == 0 ? " " : line));
    }

    public IReadOnlyList<string> LastErrors()
    {
        lock (lastErrors)
        {
            return [.. lastErrors];
        }
    }

    public async ValueTask DisposeAsync()
    {
        lines.Writer.TryComplete();
        await pump;
    }

    private async Task PumpAsync()
    {
        var batch = new List<LogEvent>();
        while (await lines.Reader.WaitToReadAsync())
        {
            await Task.Delay(FlushInterval, time);
            while (lines.Reader.TryRead(out var line))
            {
                batch.Add(line);
                if (batch.Count >= FlushLines)
                {
                    await FlushAsync(batch);
                }
            }

            await FlushAsync(batch);
        }
    }

    private async Task FlushAsync(List<LogEvent> batch)
    {
        if (batch.Count == 0 || store is null)
        {
            batch.Clear();
            return;
        }

        try
        {
            await store.AppendAsync(Group, Stream, batch);
        }
#pragma warning disable CA1031 // a failing log store never takes an instance down
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        batch.Clear();
    }
}
