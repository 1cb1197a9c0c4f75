using System.Globalization;
using System.Text;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.Tests.Support;

/// <summary>
/// A temporary /opt/ml-like directory for one test: channels written as CSV files, a model directory, and the log
/// lines the algorithm printed. Deleted on dispose.
/// </summary>
public sealed class AlgorithmWorkspace : IDisposable
{
    private readonly Dictionary<string, TrainingChannelData> _channels = new(StringComparer.Ordinal);

    public AlgorithmWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "sagebrush-algo-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string ModelDirectory => Path.Combine(Root, "model");

    public ListLog Log { get; } = new();

    /// <summary>Writes rows (label first when the data is labelled) as channel <paramref name="name"/>'s data.csv.</summary>
    public string WriteChannel(string name, IEnumerable<float[]> rows, string? contentType = "text/csv")
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }

        return WriteChannelText(name, text.ToString(), contentType);
    }

    public string WriteChannelText(string name, string csv, string? contentType = "text/csv")
    {
        var directory = Path.Combine(Root, "data", name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "data.csv"), csv);
        _channels[name] = new TrainingChannelData(name, directory, contentType);
        return Path.Combine(directory, "data.csv");
    }

    /// <summary>Registers a channel whose files something else (a Python reference) wrote under data/&lt;name&gt;/.</summary>
    public void UseChannel(string name, string? contentType = "text/csv") =>
        _channels[name] = new TrainingChannelData(name, Path.Combine(Root, "data", name), contentType);

    public void RemoveChannel(string name) => _channels.Remove(name);

    public TrainingContext Context(IReadOnlyDictionary<string, string> hyperParameters) =>
        new(hyperParameters, _channels, ModelDirectory, Path.Combine(Root, "output", "data"), Environment.ProcessorCount, Log);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>The algorithm's log lines, kept for assertions.</summary>
public sealed class ListLog : IAlgorithmLog
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public void Info(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
