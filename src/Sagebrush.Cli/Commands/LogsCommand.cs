using System.CommandLine;
using Sagebrush.Core.Logs;

namespace Sagebrush.Cli.Commands;

/// <summary>
/// <c>sagebrush logs &lt;job&gt; [--follow]</c>: a training, processing or transform job's log, from the data dir's logs.db
/// (the first of the three groups that has streams of that name). A local tool may
/// read the file directly: it opens it read-only beside the running server (WAL lets readers run beside the writer),
/// needs no credentials, and works when the server is stopped.
/// </summary>
internal static class LogsCommand
{
    public const string TrainingJobsGroup = "/aws/sagemaker/TrainingJobs";

    /// <summary>Where each job kind logs, in the order a name is looked up.</summary>
    public static IReadOnlyList<string> Groups { get; } = [TrainingJobsGroup, "/aws/sagemaker/ProcessingJobs", "/aws/sagemaker/TransformJobs"];

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var job = new Argument<string>("job-name") { Description = "The training, processing or transform job whose log to print." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events (polling every second) until Ctrl+C." };
        var dataDir = CommonOptions.DataDir();

        var command = new Command(
            "logs",
            "Print a training, processing or transform job's log (groups /aws/sagemaker/TrainingJobs, ProcessingJobs and " +
            "TransformJobs, streams <job>/...) in time order. " +
            "Reads <data-dir>/logs.db directly and read-only, so it works with or without a running server.")
        {
            job, follow, dataDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Program.cs leaves SIGINT to the web host, so a follower handles Ctrl+C itself and exits cleanly.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                var path = Path.Combine(Path.GetFullPath(parse.GetValue(dataDir)!), SqliteLogStore.FileName);
                return await RunAsync(path, parse.GetValue(job)!, parse.GetValue(follow), Console.Out, Console.Error, stop.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }

    /// <summary>Prints the job's events; with <paramref name="follow"/>, keeps polling until cancelled. Returns the exit code.</summary>
    public static async Task<int> RunAsync(string databasePath, string jobName, bool follow, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (!File.Exists(databasePath))
        {
            await errors.WriteLineAsync($"sagebrush logs: no logs yet: {databasePath} does not exist (has a server run with this --data-dir?).");
            return 1;
        }

        using var store = SqliteLogStore.OpenReadOnly(databasePath, TimeProvider.System);
        var prefix = jobName + "/";
        try
        {
            // Everything stored up to a mark, in time order; then, when following, whatever arrives after the mark, in
            // the order it arrives, so no event is printed twice or skipped when a late one carries an earlier time.
            var mark = await store.LastSequenceAsync(cancellationToken);
            var (group, streams) = await FindGroupAsync(store, prefix, cancellationToken);
            if (group is null)
            {
                await errors.WriteLineAsync($"sagebrush logs: no log streams for a job named {jobName} yet.");
            }
            else
            {
                await PrintExistingAsync(store, group, prefix, streams, mark, output, cancellationToken);
            }

            while (follow)
            {
                await Task.Delay(PollInterval, cancellationToken);
                if (group is null)
                {
                    // The job has not logged yet: begin with whatever it logs first.
                    (group, streams) = await FindGroupAsync(store, prefix, cancellationToken);
                    mark = 0;
                    if (group is null)
                    {
                        continue;
                    }
                }

                IReadOnlyList<StoredLogEvent> batch;
                do
                {
                    batch = await store.ReadEventsAfterAsync(group, prefix, mark, cancellationToken: cancellationToken);
                    foreach (var e in batch)
                    {
                        streams.Add(e.Stream);
                    }

                    foreach (var e in batch.OrderBy(e => e.Timestamp).ThenBy(e => e.Sequence))
                    {
                        await WriteAsync(output, e, streams.Count > 1, prefix);
                    }

                    mark = batch.Count > 0 ? batch[^1].Sequence : mark;
                }
                while (batch.Count > 0);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C while following: a normal end.
        }

        return 0;
    }

    private static async Task<(string? Group, HashSet<string> Streams)> FindGroupAsync(SqliteLogStore store, string prefix, CancellationToken cancellationToken)
    {
        foreach (var group in Groups)
        {
            var described = await DescribeStreamsAsync(store, group, prefix, cancellationToken);
            if (described.Count > 0)
            {
                return (group, new HashSet<string>(described, StringComparer.Ordinal));
            }
        }

        return (null, new HashSet<string>(StringComparer.Ordinal));
    }

    private static async Task PrintExistingAsync(SqliteLogStore store, string group, string prefix, HashSet<string> streams, long mark, TextWriter output, CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await store.FilterLogEventsAsync(
                new FilterEventsQuery(group, StreamNamePrefix: prefix, NextToken: token, UpToSequence: mark),
                cancellationToken);
            foreach (var e in page.Items)
            {
                await WriteAsync(output, e, streams.Count > 1, prefix);
            }

            token = page.NextToken;
        }
        while (token is not null);
    }

    private static async Task<List<string>> DescribeStreamsAsync(SqliteLogStore store, string group, string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? token = null;
        try
        {
            do
            {
                var page = await store.DescribeLogStreamsAsync(new LogStreamsQuery(group, prefix, NextToken: token), cancellationToken);
                names.AddRange(page.Items.Select(s => s.Name));
                token = page.NextToken;
            }
            while (token is not null);
        }
        catch (Core.Common.AwsException missing) when (missing.Code == LogErrors.ResourceNotFound)
        {
            // No job of this kind has logged yet.
        }

        return names;
    }

    // Streams are <job>/<host>-<epoch>; with several hosts each line says which one wrote it, as SageMaker's SDK does.
    private static Task WriteAsync(TextWriter output, StoredLogEvent e, bool showHost, string prefix)
    {
        if (!showHost)
        {
            return output.WriteLineAsync(e.Message);
        }

        var stream = e.Stream[prefix.Length..];
        var dash = stream.LastIndexOf('-');
        var host = dash > 0 && stream[(dash + 1)..].All(char.IsAsciiDigit) ? stream[..dash] : stream;
        return output.WriteLineAsync($"[{host}] {e.Message}");
    }
}
