using Sagebrush.Server.Tests.Api.SageMaker.Hosting;

namespace Sagebrush.Server.Tests.Api.AutoScaling;

/// <summary>
/// Availability zones as failure domains: a variant's instances spread over the region's zones, and
/// <c>sagebrush chaos --zone</c> takes one down while boto3 keeps calling the endpoint.
/// </summary>
public sealed class ZoneOutageTests(HostingServerFixture server) : IClassFixture<HostingServerFixture>
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "sagebrush.dll");

    [Fact]
    public async Task AZoneTakenDownLosesItsInstancesAndTheEndpointKeepsServingFromTheOthers() => (await server.RunBoto3Async($$"""
        import subprocess, threading
        CLI = {{System.Text.Json.JsonSerializer.Serialize(Cli)}}
        def chaos(*args):
            r = subprocess.run(["dotnet", CLI, "chaos", "--endpoint-url", endpoint_url, *args], capture_output=True, text=True, timeout=120)
            assert r.returncode == 0, (r.stdout, r.stderr)
            return r.stdout
        def placement(out):
            rows = [line.split("\t") for line in out.splitlines() if line.startswith("zoned-ep\t")]
            return sorted(row[3] for row in rows if row[4] == "in rotation")

        deploy("zoned", instances=2)
        out = chaos("--endpoint", "zoned-ep")
        assert "us-east-1a\tavailable" in out and "us-east-1c\tavailable" in out, out
        assert placement(out) == ["us-east-1a", "us-east-1b"], out

        calls, failures, stop = [0], [], threading.Event()
        def load():
            while not stop.is_set():
                try:
                    invoke("zoned-ep")
                    calls[0] += 1
                except Exception as e:
                    failures.append(repr(e))
        worker = threading.Thread(target=load)
        worker.start()
        time.sleep(0.5)
        before = calls[0]
        out = chaos("--zone", "us-east-1a", "--endpoint", "zoned-ep")
        time.sleep(0.5)
        stop.set(); worker.join()
        assert "us-east-1a: impaired. 1 instance(s) and 0 spare(s) lost" in out and "1 instance(s) started in the other zones" in out, out
        assert "us-east-1a\timpaired" in out, out
        # The lost instance's replacement went to the zone with none of this variant's instances.
        assert placement(out) == ["us-east-1b", "us-east-1c"], out
        # Only a call the dying instance was answering can fail; the endpoint went on answering throughout.
        assert len(failures) <= 1 and calls[0] > before, (calls, failures[:3])
        assert sm.describe_endpoint(EndpointName="zoned-ep")["ProductionVariants"][0]["CurrentInstanceCount"] == 2
        assert invoke("zoned-ep")[0]["input"] == "x"

        # While us-east-1a is down, scaling out places nothing there; restored, it takes instances again.
        sm.update_endpoint_weights_and_capacities(EndpointName="zoned-ep", DesiredWeightsAndCapacities=[{"VariantName": "AllTraffic", "DesiredInstanceCount": 3}])
        wait("zoned-ep")
        assert "us-east-1a" not in placement(chaos("--endpoint", "zoned-ep")), out
        out = chaos("--zone", "us-east-1a", "--restore", "--endpoint", "zoned-ep")
        assert "us-east-1a\tavailable" in out, out
        sm.update_endpoint_weights_and_capacities(EndpointName="zoned-ep", DesiredWeightsAndCapacities=[{"VariantName": "AllTraffic", "DesiredInstanceCount": 4}])
        wait("zoned-ep")
        assert placement(chaos("--endpoint", "zoned-ep")).count("us-east-1a") == 1
        r = subprocess.run(["dotnet", CLI, "chaos", "--endpoint-url", endpoint_url, "--zone", "us-west-2a"], capture_output=True, text=True)
        assert r.returncode == 1 and "not an availability zone of this region" in r.stderr, r
        """, TimeSpan.FromMinutes(4))).EnsureSuccess();
}
