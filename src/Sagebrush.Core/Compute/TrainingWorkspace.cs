using System.Text.Json.Nodes;

namespace Sagebrush.Core.Compute;

/// <summary>
/// One host's <c>/opt/ml</c>, laid out as SageMaker lays it out, at <c>&lt;job-dir&gt;/algo-N/</c>:
/// <c>input/config/{hyperparameters,resourceconfig,inputdataconfig}.json</c>, <c>input/data/&lt;channel&gt;/</c>,
/// <c>model/</c>, <c>output/data/</c>, <c>checkpoints/</c> and <c>code/</c>.
/// </summary>
public sealed class TrainingWorkspace
{
    public const string ContainerRoot = "/opt/ml";

    private TrainingWorkspace(string root, string host)
    {
        Root = root;
        Host = host;
    }

    /// <summary>The real directory that stands for /opt/ml.</summary>
    public string Root { get; }

    public string Host { get; }

    public string InputConfig => Path.Combine(Root, "input", "config");

    public string Model => Path.Combine(Root, "model");

    public string Output => Path.Combine(Root, "output");

    public string OutputData => Path.Combine(Root, "output", "data");

    public string FailureFile => Path.Combine(Root, "output", "failure");

    public string Code => Path.Combine(Root, "code");

    public string Checkpoints => Path.Combine(Root, "checkpoints");

    public string Channel(string name) => Path.Combine(Root, "input", "data", name);

    /// <summary>
    /// Where a container path lands in this workspace: paths under /opt/ml map into it; any other checkpoint
    /// LocalPath falls back to <c>checkpoints/</c> (only /opt/ml is mounted into a host).
    /// </summary>
    public string CheckpointDirectory(CheckpointLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var path = location.LocalPath.TrimEnd('/');
        return path.StartsWith(ContainerRoot + "/", StringComparison.Ordinal) && !path.Split('/').Contains("..")
            ? Path.Combine(Root, path[(ContainerRoot.Length + 1)..])
            : Checkpoints;
    }

    /// <summary>The checkpoint directory relative to <see cref="Root"/>, for reading it through a confined directory.</summary>
    public string CheckpointRelativePath(CheckpointLocation location) =>
        Path.GetRelativePath(Root, CheckpointDirectory(location)).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>Creates the tree and writes the three config files for <paramref name="host"/>.</summary>
    public static TrainingWorkspace Create(string jobDirectory, string host, TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var workspace = new TrainingWorkspace(Path.Combine(jobDirectory, host), host);
        foreach (var dir in new[] { workspace.InputConfig, workspace.Model, workspace.OutputData, workspace.Checkpoints, workspace.Code })
        {
            Directory.CreateDirectory(dir);
        }

        foreach (var channel in run.Channels)
        {
            Directory.CreateDirectory(workspace.Channel(channel.ChannelName));
        }

        if (run.Checkpoint is { } checkpoint)
        {
            Directory.CreateDirectory(workspace.CheckpointDirectory(checkpoint));
        }

        Write(Path.Combine(workspace.InputConfig, "hyperparameters.json"), TrainingConfigFiles.HyperParameters(run));
        Write(Path.Combine(workspace.InputConfig, "resourceconfig.json"), TrainingConfigFiles.ResourceConfig(run, host));
        Write(Path.Combine(workspace.InputConfig, "inputdataconfig.json"), TrainingConfigFiles.InputDataConfig(run));
        return workspace;
    }

    private static void Write(string path, JsonNode content) => File.WriteAllText(path, PythonJson.Dumps(content));
}
