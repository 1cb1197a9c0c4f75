using System.Text.Json;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.Training;

/// <summary>
/// input/config/*.json read as SageMaker writes them: hyperparameters.json (name -> string), inputdataconfig.json
/// (channel -> {ContentType, ...}), resourceconfig.json (current_host, hosts). A missing file means an empty one.
/// </summary>
internal sealed record TrainingConfig(
    IReadOnlyDictionary<string, string> HyperParameters,
    IReadOnlyDictionary<string, string?> ChannelContentTypes,
    string CurrentHost,
    IReadOnlyList<string> Hosts)
{
    public bool IsLeadHost => Hosts.Count == 0 || Hosts.Order(StringComparer.Ordinal).First() == CurrentHost;

    public static TrainingConfig Read(TrainingPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var hyperParameters = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var document = Open(Path.Combine(paths.InputConfig, "hyperparameters.json")))
        {
            foreach (var property in Properties(document))
            {
                // SageMaker passes strings; a number or boolean written by hand is taken as its JSON text.
                hyperParameters[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        var channels = new Dictionary<string, string?>(StringComparer.Ordinal);
        using (var document = Open(Path.Combine(paths.InputConfig, "inputdataconfig.json")))
        {
            foreach (var property in Properties(document))
            {
                channels[property.Name] = property.Value.ValueKind == JsonValueKind.Object
                    && property.Value.TryGetProperty("ContentType", out var contentType) && contentType.ValueKind == JsonValueKind.String
                    ? contentType.GetString()
                    : null;
            }
        }

        var currentHost = "algo-1";
        List<string> hosts = [];
        using (var document = Open(Path.Combine(paths.InputConfig, "resourceconfig.json")))
        {
            if (document?.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (document.RootElement.TryGetProperty("current_host", out var host) && host.ValueKind == JsonValueKind.String)
                {
                    currentHost = host.GetString()!;
                }

                if (document.RootElement.TryGetProperty("hosts", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    hosts.AddRange(list.EnumerateArray().Where(h => h.ValueKind == JsonValueKind.String).Select(h => h.GetString()!));
                }
            }
        }

        return new TrainingConfig(hyperParameters, channels, currentHost, hosts);
    }

    /// <summary>The channels as the algorithm sees them: those the config names, else every directory under input/data.</summary>
    public IReadOnlyDictionary<string, TrainingChannelData> Channels(TrainingPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var result = new Dictionary<string, TrainingChannelData>(StringComparer.Ordinal);
        foreach (var (name, contentType) in ChannelContentTypes)
        {
            if (Directory.Exists(paths.Channel(name)))
            {
                result[name] = new TrainingChannelData(name, paths.Channel(name), contentType);
            }
        }

        var data = Path.Combine(paths.Input, "data");
        if (ChannelContentTypes.Count == 0 && Directory.Exists(data))
        {
            foreach (var directory in Directory.EnumerateDirectories(data))
            {
                var name = Path.GetFileName(directory);
                result[name] = new TrainingChannelData(name, directory, null);
            }
        }

        return result;
    }

    private static JsonDocument? Open(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException exception)
        {
            throw new AlgorithmException($"ClientError: {Path.GetFileName(path)} is not valid JSON: {exception.Message}");
        }
    }

    private static IEnumerable<JsonProperty> Properties(JsonDocument? document) =>
        document?.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.EnumerateObject() : [];
}
