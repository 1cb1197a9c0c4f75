using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Logs;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Training;

/// <summary>
/// One running job's <see cref="ITrainingObserver"/>. The executor's calls only enqueue (quick, never throwing); one
/// pump applies them in order: SecondaryStatus transitions to the job document, log lines to CloudWatch Logs in
/// batches (100 lines or 100 ms), metric matches to the metric history. A failing log or metric store never fails the job.
/// </summary>
public sealed class TrainingJobObserver : ITrainingObserver
{
    public const string LogGroup = "/aws/sagemaker/TrainingJobs";
    public const int FlushLines = 100;
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MetricRegexTimeout = TimeSpan.FromMilliseconds(100);

    private readonly System.Threading.Channels.Channel<object> events = System.Threading.Channels.Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TrainingJobStore jobs;
    private readonly ILogStore? logs;
    private readonly IMetricHistory metrics;
    private readonly string jobName;
    private readonly string jobArn;
    private readonly string streamSuffix;
    private readonly List<(string Name, Regex Regex)> definitions;
    private readonly Dictionary<string, List<LogEvent>> pendingLines = new(StringComparer.Ordinal);
    private readonly List<MetricSample> pendingSamples = [];
    private readonly Dictionary<string, MetricSample> lastValues = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource finishing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task pump;
    private int pendingCount;

    public TrainingJobObserver(
        TrainingRun run,
        DateTimeOffset start,
        IReadOnlyList<MetricDefinition> metricDefinitions,
        TrainingJobStore jobs,
        ILogStore? logs,
        IMetricHistory metrics)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metricDefinitions);
        this.jobs = jobs;
        this.logs = logs;
        this.metrics = metrics;
        jobName = run.JobName;
        jobArn = run.JobArn;
        streamSuffix = "-" + start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        definitions = metricDefinitions
            .Select(d => (d.Name!, new Regex(d.Regex!, RegexOptions.CultureInvariant, MetricRegexTimeout)))
            .ToList();
        pump = Task.Run(PumpAsync);
    }

    /// <summary>Lines that could not be written to the log store (it failed or there is none).</summary>
    public int DroppedLines { get; private set; }

    /// <summary>The log stream of a host: <c>job/algo-1-&lt;epoch seconds of the job's start&gt;</c>.</summary>
    public string StreamOf(string host) => $"{jobName}/{host}{streamSuffix}";

    /// <summary>The last value of each metric, in the order of the MetricDefinitions, for FinalMetricDataList.</summary>
    public IReadOnlyList<MetricData> FinalMetrics => definitions
        .Where(d => lastValues.ContainsKey(d.Name))
        .Select(d => lastValues[d.Name])
        .Select(s => new MetricData { MetricName = s.MetricName, Value = s.Value, Timestamp = s.Timestamp })
        .DistinctBy(m => m.MetricName)
        .ToList();

    public void OnSecondaryStatus(string status, string message) =>
        events.Writer.TryWrite(new StatusEvent(status, message, jobs.Time.GetUtcNow()));

    public void OnLogLine(string host, DateTimeOffset timestamp, string line) =>
        events.Writer.TryWrite(new LineEvent(host, timestamp, line));

    /// <summary>Applies everything reported so far; call once the executor has returned.</summary>
    public async Task CompleteAsync()
    {
        events.Writer.TryComplete();
        finishing.TrySetResult();
        await pump;
    }

    private async Task PumpAsync()
    {
        var reader = events.Reader;
        while (await reader.WaitToReadAsync())
        {
            await DrainAsync(reader);
            if (pendingCount > 0 || pendingSamples.Count > 0)
            {
                // Let a burst gather into one append rather than one per line; a finished job does not wait
                // (the job's Completed status waits for this pump, and the delay showed up in every job's overhead).
                await Task.WhenAny(Task.Delay(FlushInterval), finishing.Task);
                await DrainAsync(reader);
                await FlushAsync();
            }
        }

        await FlushAsync();
    }

    private async Task DrainAsync(ChannelReader<object> reader)
    {
        while (reader.TryRead(out var item))
        {
            switch (item)
            {
                case LineEvent line:
                    Buffer(line);
                    if (pendingCount >= FlushLines)
                    {
                        await FlushAsync();
                    }

                    break;
                case StatusEvent status:
                    // Lines printed before the transition are stored before it.
                    await FlushAsync();
                    await ApplyStatusAsync(status);
                    break;
            }
        }
    }

    private void Buffer(LineEvent line)
    {
        var stream = StreamOf(line.Host);
        if (!pendingLines.TryGetValue(stream, out var lines))
        {
            pendingLines[stream] = lines = [];
        }

        lines.Add(new LogEvent(line.Timestamp, line.Line));
        pendingCount++;

        foreach (var (name, regex) in definitions)
        {
            try
            {
                var match = regex.Match(line.Line);
                // SageMaker takes the first capture group as the value (the whole match when there is none).
                var text = match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
                if (match.Success && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    var sample = new MetricSample(name, value, line.Timestamp);
                    pendingSamples.Add(sample);
                    lastValues[name] = sample;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological regex costs one line's match, never the job.
            }
        }
    }

    private async Task FlushAsync()
    {
        foreach (var (stream, lines) in pendingLines)
        {
            try
            {
                if (logs is null)
                {
                    DroppedLines += lines.Count;
                    continue;
                }

                await logs.AppendAsync(LogGroup, stream, lines);
            }
#pragma warning disable CA1031 // A failing sink never takes the job down.
            catch (Exception)
#pragma warning restore CA1031
            {
                DroppedLines += lines.Count;
            }
        }

        pendingLines.Clear();
        pendingCount = 0;
        if (pendingSamples.Count > 0)
        {
            try
            {
                await metrics.AppendAsync(jobArn, pendingSamples.ToList());
            }
#pragma warning disable CA1031 // As above: the history is best effort, FinalMetricDataList still has the last values.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            pendingSamples.Clear();
        }
    }

    private async Task ApplyStatusAsync(StatusEvent status)
    {
        try
        {
            await jobs.UpdateAsync(jobName, job => job.TrainingJobStatus == TrainingJobStatus.InProgress
                ? TrainingTransitions.Enter(job, job.TrainingJobStatus, status.Status, status.Message, status.At)
                : null);
        }
#pragma warning disable CA1031 // A lost transition is not worth failing the job over.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private sealed record StatusEvent(string Status, string Message, DateTimeOffset At);

    private sealed record LineEvent(string Host, DateTimeOffset Timestamp, string Line);
}
