using System.Globalization;
using System.Text.Json.Nodes;

namespace Sagebrush.Core.Compute;

/// <summary>
/// The contents of /opt/ml/input/config/*.json as SageMaker writes them ("How Amazon SageMaker Provides Training
/// Information"): hyperparameter values stay the strings the request gave; one homogeneous instance group.
/// </summary>
public static class TrainingConfigFiles
{
    public const string InstanceGroupName = "homogeneousCluster";
    public const string NetworkInterfaceName = "eth0";

    /// <summary>algo-1..algo-N, sorted as SageMaker sorts them (lexicographically).</summary>
    public static IReadOnlyList<string> Hosts(int instanceCount) =>
        [.. Enumerable.Range(1, Math.Max(1, instanceCount)).Select(i => "algo-" + i.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal)];

    public static JsonObject HyperParameters(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var result = new JsonObject();
        foreach (var (key, value) in run.HyperParameters)
        {
            result[key] = value;
        }

        return result;
    }

    public static JsonObject ResourceConfig(TrainingRun run, string currentHost)
    {
        ArgumentNullException.ThrowIfNull(run);
        var hosts = Hosts(run.InstanceCount);
        return new JsonObject
        {
            ["current_host"] = currentHost,
            ["current_instance_type"] = run.InstanceType,
            ["current_group_name"] = InstanceGroupName,
            ["hosts"] = ToArray(hosts),
            ["instance_groups"] = new JsonArray(new JsonObject
            {
                ["instance_group_name"] = InstanceGroupName,
                ["instance_type"] = run.InstanceType,
                ["hosts"] = ToArray(hosts),
            }),
            ["network_interface_name"] = NetworkInterfaceName,
        };
    }

    public static JsonObject InputDataConfig(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var result = new JsonObject();
        foreach (var channel in run.Channels)
        {
            var entry = new JsonObject();
            if (channel.ContentType is { Length: > 0 } contentType)
            {
                entry["ContentType"] = contentType;
            }

            entry["TrainingInputMode"] = channel.InputMode;
            entry["S3DistributionType"] = channel.S3DataDistributionType;
            entry["RecordWrapperType"] = "None";
            result[channel.ChannelName] = entry;
        }

        return result;
    }

    internal static JsonArray ToArray(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];
}
