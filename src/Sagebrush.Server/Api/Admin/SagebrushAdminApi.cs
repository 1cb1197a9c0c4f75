using System.Text;
using System.Text.Json.Nodes;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Zones;
using Sagebrush.Server.Protocol.Json;

namespace Sagebrush.Server.Api.Admin;

/// <summary>
/// Sagebrush's own operations, not AWS's (AWS JSON 1.1, target prefix <c>Sagebrush</c>, signed as <c>sagemaker</c> with
/// the account's keys, like every call): availability zones and zone outages for <c>sagebrush chaos</c>, and where an
/// endpoint's instances run. Named and shaped in AWS's manner (EC2's DescribeAvailabilityZones for zones).
/// </summary>
public sealed class SagebrushAdminApi : IJsonService
{
    public SagebrushAdminApi(ZoneOutage outage, AccountSettings account)
    {
        Operations = new Dictionary<string, JsonOperation>(StringComparer.Ordinal)
        {
            ["DescribeAvailabilityZones"] = (_, _) => Task.FromResult(Write(new JsonObject
            {
                ["AvailabilityZones"] = new JsonArray([.. outage.Zones.Select(z => (JsonNode)new JsonObject
                {
                    ["ZoneName"] = z.Zone,
                    ["State"] = z.Available ? "available" : "impaired",
                    ["RegionName"] = account.Region,
                })]),
            })),
            ["ImpairAvailabilityZone"] = async (input, call) =>
            {
                var report = await outage.TakeDownAsync(ZoneName(input, outage), call.Aborted);
                return Write(new JsonObject
                {
                    ["ZoneName"] = report.Zone,
                    ["InstancesLost"] = report.InstancesLost,
                    ["SparesLost"] = report.SparesLost,
                    ["SparesPromoted"] = report.SparesPromoted,
                    ["InstancesStarted"] = report.InstancesStarted,
                });
            },
            ["RestoreAvailabilityZone"] = (input, _) =>
            {
                outage.Restore(ZoneName(input, outage));
                return Task.FromResult(Write([]));
            },
            ["DescribeEndpointInstances"] = (input, _) =>
            {
                var name = Read(input)["EndpointName"]?.GetValue<string>() ?? throw new AwsException("ValidationException", "EndpointName is required.");
                return Task.FromResult(Write(new JsonObject
                {
                    ["EndpointName"] = name,
                    ["Instances"] = new JsonArray([.. outage.InstancesOf(name).Select(i => (JsonNode)new JsonObject
                    {
                        ["VariantName"] = i.Variant,
                        ["InstanceId"] = i.Instance.Id,
                        ["AvailabilityZone"] = i.Instance.Zone,
                        ["Healthy"] = i.Instance.IsHealthy,
                        ["Spare"] = i.Spare,
                        ["Restarts"] = i.Instance.Restarts,
                    })]),
                }));
            },
        };
    }

    public string TargetPrefix => "Sagebrush";

    public string SigningName => "sagemaker";

    public IReadOnlyDictionary<string, JsonOperation> Operations { get; }

    private static string ZoneName(ReadOnlyMemory<byte> input, ZoneOutage outage)
    {
        var zone = Read(input)["ZoneName"]?.GetValue<string>() ?? throw new AwsException("ValidationException", "ZoneName is required.");
        return outage.Zones.Any(z => z.Zone == zone)
            ? zone
            : throw new AwsException("InvalidParameterValue", $"{zone} is not an availability zone of this region: use one of {string.Join(", ", outage.Zones.Select(z => z.Zone))}.");
    }

    private static JsonObject Read(ReadOnlyMemory<byte> input) =>
        JsonNode.Parse(Encoding.UTF8.GetString(input.Span)) as JsonObject ?? throw new AwsException("SerializationException", "The request body must be a JSON object.");

    private static byte[] Write(JsonObject value) => Encoding.UTF8.GetBytes(value.ToJsonString());
}
