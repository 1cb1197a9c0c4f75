using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Tests.Compute;

/// <summary>A real object store and executor over one temp directory; scripts are uploaded as a sourcedir.tar.gz.</summary>
public sealed class ExecutorScope : IDisposable
{
    public const string Bucket = "bucket";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "sagebrush-compute-" + Guid.NewGuid().ToString("N"));

    public ExecutorScope(LocalExecutorOptions? options = null)
    {
        Store = new DiskObjectStore(Path.Combine(_root, "objects"), TimeProvider.System);
        Store.CreateBucketAsync(Bucket).GetAwaiter().GetResult();
        Options = options ?? new LocalExecutorOptions { StopGracePeriod = TimeSpan.FromSeconds(3), CheckpointSyncInterval = TimeSpan.FromMilliseconds(200) };
        Launcher = new LocalProcessLauncher(TimeProvider.System, new SandboxOptions { BubblewrapPath = Options.BubblewrapPath, HiddenPaths = Options.HiddenPaths });
        Executor = new LocalTrainingExecutor(Store, WorkRoot, TimeProvider.System, Options, Launcher);
    }

    /// <summary>The launcher the executor runs hosts through (what it confines, tests ask it).</summary>
    public LocalProcessLauncher Launcher { get; }

    public DiskObjectStore Store { get; }

    public LocalExecutorOptions Options { get; }

    public LocalTrainingExecutor Executor { get; }

    public string WorkRoot => Path.Combine(_root, "jobs", "training");

    public string Root => _root;

    public Task PutAsync(string key, string text) =>
        Store.PutObjectAsync(Bucket, key, new MemoryStream(Encoding.UTF8.GetBytes(text)), ObjectWrite.Plain());

    /// <summary>Uploads the files as s3://bucket/code/&lt;job&gt;/sourcedir.tar.gz and returns its URI.</summary>
    public async Task<string> PutSourceAsync(string job, IReadOnlyDictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var (name, text) in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
                tar.WriteEntry(entry);
            }
        }

        buffer.Position = 0;
        await Store.PutObjectAsync(Bucket, $"code/{job}/sourcedir.tar.gz", buffer, ObjectWrite.Plain());
        return $"s3://{Bucket}/code/{job}/sourcedir.tar.gz";
    }

    public static TrainingRun Run(string job, string sourceUri, string program = "train.py", IReadOnlyDictionary<string, string>? hyperParameters = null, IReadOnlyList<TrainingChannel>? channels = null, int instances = 1) =>
        new(
            job,
            "arn:aws:sagemaker:us-east-1:000000000000:training-job/" + job,
            new ResolvedImage("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", ImageKind.ScriptMode, "sagemaker-scikit-learn", "1.2-1-cpu-py3"),
            new Dictionary<string, string>(hyperParameters ?? new Dictionary<string, string>())
            {
                ["sagemaker_program"] = $"\"{program}\"",
                ["sagemaker_submit_directory"] = $"\"{sourceUri}\"",
                ["sagemaker_region"] = "\"us-east-1\"",
            },
            new Dictionary<string, string> { ["MY_SETTING"] = "on" },
            channels ?? [],
            "ml.m5.large",
            instances,
            2,
            false,
            TimeSpan.FromMinutes(5),
            $"s3://{Bucket}/output",
            null);

    public static void AssertOutcome(TrainingOutcomeKind expected, TrainingOutcome outcome) =>
        Assert.True(outcome.Kind == expected, $"expected {expected}, got {outcome.Kind}: {outcome.FailureReason}");

    public async Task<Dictionary<string, string>> ReadArchiveAsync(string job, string name = "model.tar.gz")
    {
        await using var content = await Store.GetObjectAsync(Bucket, $"output/{job}/output/{name}");
        await using var gzip = new GZipStream(content.Body, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.GetNextEntry() is { } entry)
        {
            files[entry.Name] = entry.DataStream is null ? "" : new StreamReader(entry.DataStream).ReadToEnd();
        }

        return files;
    }

    public void Dispose()
    {
        Executor.Dispose();
        Launcher.Dispose();
        Store.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Records what the executor reports; <see cref="WaitForLineAsync"/> lets a test act when a script is ready.</summary>
public sealed class RecordingObserver : ITrainingObserver
{
    private readonly ConcurrentQueue<(string Host, string Line)> _lines = new();
    private readonly ConcurrentQueue<(string Status, string Message)> _statuses = new();

    public IReadOnlyList<(string Host, string Line)> Lines => [.. _lines];

    public IReadOnlyList<(string Status, string Message)> Statuses => [.. _statuses];

    public void OnLogLine(string host, DateTimeOffset timestamp, string line) => _lines.Enqueue((host, line));

    public void OnSecondaryStatus(string status, string message) => _statuses.Enqueue((status, message));

    public async Task WaitForLineAsync(string text, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_lines.Count(l => l.Line.Contains(text, StringComparison.Ordinal)) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No line \"{text}\" in: {string.Join("\n", _lines.Select(l => l.Line))}");
            await Task.Delay(50);
        }
    }
}
