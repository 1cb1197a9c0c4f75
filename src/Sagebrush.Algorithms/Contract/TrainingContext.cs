namespace Sagebrush.Algorithms.Contract;

/// <summary>
/// What a built-in algorithm gets to train with, read from the SageMaker training contract: hyperparameters from
/// input/config/hyperparameters.json (every value a string, as SageMaker passes them), channels from
/// input/config/inputdataconfig.json and input/data/&lt;channel&gt;/.
/// </summary>
public sealed record TrainingContext(
    IReadOnlyDictionary<string, string> HyperParameters,
    IReadOnlyDictionary<string, TrainingChannelData> Channels,
    string ModelDirectory,
    string OutputDataDirectory,
    int CpuCount,
    IAlgorithmLog Log);

/// <summary>
/// One channel: the directory its files were staged into and its ContentType (null when the job gave none; each
/// algorithm applies SageMaker's own default). <see cref="Files"/> lists the data files in name order.
/// </summary>
public sealed record TrainingChannelData(string Name, string Directory, string? ContentType)
{
    public IReadOnlyList<string> Files => [.. System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
        .Where(f => !Path.GetFileName(f).StartsWith('.'))
        .Order(StringComparer.Ordinal)];
}

/// <summary>Where training lines go (stdout, which the platform turns into the job's log stream and metrics).</summary>
public interface IAlgorithmLog
{
    void Info(string line);
}
