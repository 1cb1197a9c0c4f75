using System.CommandLine;
using System.Text.Json.Nodes;
using Sagebrush.Cli.Client;
using Sagebrush.Core.Identity;
using Sagebrush.Server;

namespace Sagebrush.Cli.Commands;

/// <summary>
/// <c>sagebrush chaos --zone us-east-1a [--restore]</c>: takes an availability zone of a running server down (its
/// endpoint instances die and are replaced in the other zones) or brings it back; <c>--endpoint NAME</c> then lists
/// where that endpoint's instances run. A client of the server's own <c>Sagebrush.*</c> operations, signed with the
/// environment's key pair (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the data dir's.
/// </summary>
internal static class ChaosCommand
{
    public static Command Create()
    {
        var zone = new Option<string?>("--zone") { Description = "The availability zone to take down (or, with --restore, to bring back), such as us-east-1a." };
        var restore = new Option<bool>("--restore") { Description = "Make the zone available again (running instances are not moved back)." };
        var endpointName = new Option<string?>("--endpoint") { Description = "Also list where this endpoint's instances run." };
        var url = new Option<string>("--endpoint-url")
        {
            Description = "The server's URL.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") ?? $"http://{ServerSettings.DefaultHost}:{ServerSettings.DefaultPort}",
        };
        var dataDir = CommonOptions.DataDir();
        var region = CommonOptions.Region();
        var command = new Command("chaos", "Take an availability zone down (its endpoint instances die and are replaced in the other zones) or --restore it; list zones and an endpoint's instances.")
        {
            zone, restore, endpointName, url, dataDir, region,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var accessKey = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
            var secretKey = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
            if (accessKey is null || secretKey is null)
            {
                var root = RootCredentials.LoadOrCreate(Path.GetFullPath(parse.GetValue(dataDir)!));
                (accessKey, secretKey) = (root.AccessKeyId, root.SecretAccessKey);
            }

            using var client = new SagebrushClient(new Uri(parse.GetValue(url)!), accessKey, secretKey, parse.GetValue(region)!);
            return await RunAsync(client, parse.GetValue(zone), parse.GetValue(restore), parse.GetValue(endpointName), Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(SagebrushClient client, string? zone, bool restore, string? endpoint, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        try
        {
            if (zone is not null)
            {
                if (restore)
                {
                    await client.JsonAsync("Sagebrush.RestoreAvailabilityZone", new JsonObject { ["ZoneName"] = zone }, cancellationToken);
                    await output.WriteLineAsync($"{zone}: available again (instances already moved stay where they are)");
                }
                else
                {
                    var report = await client.JsonAsync("Sagebrush.ImpairAvailabilityZone", new JsonObject { ["ZoneName"] = zone }, cancellationToken);
                    await output.WriteLineAsync(
                        $"{zone}: impaired. {report["InstancesLost"]} instance(s) and {report["SparesLost"]} spare(s) lost; " +
                        $"{report["SparesPromoted"]} spare(s) took their places; {report["InstancesStarted"]} instance(s) started in the other zones.");
                }
            }

            var zones = await client.JsonAsync("Sagebrush.DescribeAvailabilityZones", [], cancellationToken);
            foreach (var entry in zones["AvailabilityZones"]!.AsArray())
            {
                await output.WriteLineAsync($"{entry!["ZoneName"]}\t{entry["State"]}");
            }

            if (endpoint is not null)
            {
                var instances = await client.JsonAsync("Sagebrush.DescribeEndpointInstances", new JsonObject { ["EndpointName"] = endpoint }, cancellationToken);
                foreach (var instance in instances["Instances"]!.AsArray())
                {
                    var spare = instance!["Spare"]!.GetValue<bool>() ? "spare" : "in rotation";
                    var health = instance["Healthy"]!.GetValue<bool>() ? "healthy" : "unhealthy";
                    await output.WriteLineAsync($"{endpoint}\t{instance["VariantName"]}\t{instance["InstanceId"]}\t{instance["AvailabilityZone"]}\t{spare}\t{health}");
                }
            }

            return 0;
        }
        catch (SagebrushClientException failed)
        {
            await errors.WriteLineAsync($"sagebrush chaos: {failed.Message}");
            return 1;
        }
        catch (HttpRequestException unreachable)
        {
            await errors.WriteLineAsync($"sagebrush chaos: cannot reach the server ({unreachable.Message}); is it running? Give its URL with --endpoint-url.");
            return 1;
        }
    }
}
