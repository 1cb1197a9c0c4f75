using System.Text.Json;
using Sagebrush.Algorithms.Training;

namespace Sagebrush.Algorithms.Tests.Support;

/// <summary>A temporary directory laid out as /opt/ml: config files, channels, model/ and output/.</summary>
internal sealed class Workspace : IDisposable
{
    private readonly Dictionary<string, string?> _channels = [];

    public Workspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "sagebrush-algo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Paths.InputConfig);
        Directory.CreateDirectory(Paths.Model);
        Directory.CreateDirectory(Paths.OutputData);
    }

    public string Root { get; }

    public TrainingPaths Paths => new(Path.Combine(Root, "input", "config"), Path.Combine(Root, "input"), Path.Combine(Root, "model"), Path.Combine(Root, "output"), Path.Combine(Root, "output", "data"));

    public string ModelFile => Path.Combine(Paths.Model, "xgboost-model");

    public string? Failure => File.Exists(Paths.FailureFile) ? File.ReadAllText(Paths.FailureFile) : null;

    /// <summary>The SM_* variables that point the program at this workspace.</summary>
    public Dictionary<string, string> Environment => new()
    {
        ["SM_INPUT_DIR"] = Paths.Input,
        ["SM_INPUT_CONFIG_DIR"] = Paths.InputConfig,
        ["SM_MODEL_DIR"] = Paths.Model,
        ["SM_OUTPUT_DIR"] = Paths.Output,
        ["SM_OUTPUT_DATA_DIR"] = Paths.OutputData,
    };

    public Workspace HyperParameters(IReadOnlyDictionary<string, string> values)
    {
        File.WriteAllText(Path.Combine(Paths.InputConfig, "hyperparameters.json"), JsonSerializer.Serialize(values));
        return this;
    }

    /// <summary>Adds a channel with its files (name -> content) and ContentType (null: none in inputdataconfig.json).</summary>
    public Workspace Channel(string name, string? contentType, IReadOnlyDictionary<string, string> files)
    {
        var directory = Paths.Channel(name);
        Directory.CreateDirectory(directory);
        foreach (var (file, content) in files)
        {
            File.WriteAllText(Path.Combine(directory, file), content);
        }

        _channels[name] = contentType;
        var config = _channels.ToDictionary(c => c.Key, c => c.Value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["ContentType"] = c.Value });
        File.WriteAllText(Path.Combine(Paths.InputConfig, "inputdataconfig.json"), JsonSerializer.Serialize(config));
        return this;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
