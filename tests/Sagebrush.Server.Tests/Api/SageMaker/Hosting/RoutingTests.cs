namespace Sagebrush.Server.Tests.Api.SageMaker.Hosting;

/// <summary>How InvokeEndpoint spreads calls: weights, TargetVariant, a dying instance, blue/green updates.</summary>
public sealed class RoutingTests(HostingServerFixture server) : IClassFixture<HostingServerFixture>
{
    [Fact]
    public async Task TwoVariantsWeightedThreeToOneSplitTwoThousandCallsAndTargetVariantIsHonoured()
    {
        (await server.RunBoto3Async("""
            model("split-a", label="A")
            model("split-b", label="B")
            config("split-config", [("VariantA", "split-a", 1, 3.0), ("VariantB", "split-b", 1, 1.0)])
            endpoint("split-ep", "split-config")
            counts = {"VariantA": 0, "VariantB": 0}
            for i in range(2000):
                out, r = invoke("split-ep", str(i))
                assert out["label"] == ("A" if r["InvokedProductionVariant"] == "VariantA" else "B"), (out, r["InvokedProductionVariant"])
                counts[r["InvokedProductionVariant"]] += 1
            # Binomial(2000, 0.75): mean 1500, sd 19.4; five standard deviations either way.
            assert 1403 <= counts["VariantA"] <= 1597, counts
            for _ in range(20):
                out, r = invoke("split-ep", "b", TargetVariant="VariantB")
                assert r["InvokedProductionVariant"] == "VariantB" and out["label"] == "B", r
            e = error_of(lambda: rt.invoke_endpoint(EndpointName="split-ep", Body=b"x", TargetVariant="VariantC"))
            assert e["Error"]["Code"] == "ValidationError" and "VariantC" in e["Error"]["Message"], e
            sm.update_endpoint_weights_and_capacities(EndpointName="split-ep", DesiredWeightsAndCapacities=[{"VariantName": "VariantA", "DesiredWeight": 0.0}])
            for _ in range(50):
                _, r = invoke("split-ep")
                assert r["InvokedProductionVariant"] == "VariantB", r
            d = sm.describe_endpoint(EndpointName="split-ep")
            weights = {v["VariantName"]: (v["CurrentWeight"], v["DesiredWeight"]) for v in d["ProductionVariants"]}
            assert weights == {"VariantA": (0.0, 0.0), "VariantB": (1.0, 1.0)}, weights
            assert d["EndpointStatus"] == "InService"
            print(counts)
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task KillingOneOfTwoInstancesLosesAtMostTheCallsInFlightAndTheInstanceComesBack()
    {
        (await server.RunBoto3Async("""
            deploy("kill", instances=2)
            """)).EnsureSuccess();
        var before = server.ProcessesOf("kill-ep");
        var servers = before.Where(IsModelServer).ToList();
        Assert.Equal(2, servers.Count);

        var stream = server.RunBoto3Async("""
            import concurrent.futures
            failures, answered = [], 0
            def caller(n):
                lost, ok = [], 0
                deadline = time.time() + 6
                while time.time() < deadline:
                    try:
                        invoke("kill-ep", "x")
                        ok += 1
                    except botocore.exceptions.ClientError as e:
                        lost.append(e.response["Error"]["Code"])
                return lost, ok
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                for lost, ok in pool.map(caller, range(4)):
                    failures += lost
                    answered += ok
            print("answered", answered, "lost", failures)
            assert answered > 100, answered
            assert len(failures) <= 4, failures
            """);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, Kill(servers[0]));
        (await stream).EnsureSuccess();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (server.ProcessesOf("kill-ep").Count(IsModelServer) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var after = server.ProcessesOf("kill-ep").Where(IsModelServer).ToList();
        Assert.Equal(2, after.Count);
        Assert.DoesNotContain(servers[0], after);
        (await server.RunBoto3Async("""
            for _ in range(20):
                invoke("kill-ep")
            d = sm.describe_endpoint(EndpointName="kill-ep")
            assert d["EndpointStatus"] == "InService" and d["ProductionVariants"][0]["CurrentInstanceCount"] == 2, d
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task UpdateEndpointUnderLoadFailsNoCallAndSwitchesToTheNewModel()
    {
        (await server.RunBoto3Async("""
            model("blue-model", label="blue")
            model("green-model", label="green")
            config("blue-config", [("AllTraffic", "blue-model", 1, 1.0)])
            config("green-config", [("AllTraffic", "green-model", 2, 1.0)])
            endpoint("bg-ep", "blue-config")
            import concurrent.futures
            stop = threading.Event()
            def caller(n):
                labels, errors = [], []
                while not stop.is_set():
                    try:
                        out, _ = invoke("bg-ep", "x")
                        labels.append(out["label"])
                    except botocore.exceptions.ClientError as e:
                        errors.append(e.response["Error"])
                return labels, errors
            with concurrent.futures.ThreadPoolExecutor(3) as pool:
                futures = [pool.submit(caller, n) for n in range(3)]
                time.sleep(1)
                sm.update_endpoint(EndpointName="bg-ep", EndpointConfigName="green-config")
                d = sm.describe_endpoint(EndpointName="bg-ep")
                assert d["EndpointStatus"] == "Updating" and d["PendingDeploymentSummary"]["EndpointConfigName"] == "green-config", d
                e = error_of(lambda: sm.update_endpoint(EndpointName="bg-ep", EndpointConfigName="green-config"))
                assert e["Error"]["Message"] == 'Cannot update in-progress endpoint "arn:aws:sagemaker:us-east-1:000000000000:endpoint/bg-ep".', e
                wait("bg-ep")
                time.sleep(1)
                stop.set()
                results = [f.result() for f in futures]
            labels = [l for r in results for l in r[0]]
            errors = [e for r in results for e in r[1]]
            assert errors == [], errors
            assert labels[0] == "blue" and labels[-1] == "green" and len(labels) > 50, (len(labels), labels[:3], labels[-3:])
            d = sm.describe_endpoint(EndpointName="bg-ep")
            assert d["EndpointConfigName"] == "green-config" and "PendingDeploymentSummary" not in d, d
            assert d["ProductionVariants"][0]["CurrentInstanceCount"] == 2, d
            """)).EnsureSuccess();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (server.ProcessesOf("bg-ep").Count(IsModelServer) != 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(2, server.ProcessesOf("bg-ep").Count(IsModelServer));
    }

    [Fact]
    public async Task ACapacityChangeStartsAndStopsInstances()
    {
        (await server.RunBoto3Async("""
            deploy("scale")
            sm.update_endpoint_weights_and_capacities(EndpointName="scale-ep", DesiredWeightsAndCapacities=[{"VariantName": "AllTraffic", "DesiredInstanceCount": 3}])
            d = sm.describe_endpoint(EndpointName="scale-ep")
            assert d["EndpointStatus"] == "Updating" and d["ProductionVariants"][0]["DesiredInstanceCount"] == 3, d
            wait("scale-ep")
            v = sm.describe_endpoint(EndpointName="scale-ep")["ProductionVariants"][0]
            assert (v["CurrentInstanceCount"], v["DesiredInstanceCount"]) == (3, 3), v
            invoke("scale-ep")
            e = error_of(lambda: sm.update_endpoint_weights_and_capacities(EndpointName="scale-ep", DesiredWeightsAndCapacities=[{"VariantName": "Other", "DesiredWeight": 1.0}]))
            assert e["Error"]["Code"] == "ValidationException" and "Other" in e["Error"]["Message"], e
            """)).EnsureSuccess();
        Assert.Equal(3, server.ProcessesOf("scale-ep").Count(IsModelServer));
        (await server.RunBoto3Async("""
            sm.update_endpoint_weights_and_capacities(EndpointName="scale-ep", DesiredWeightsAndCapacities=[{"VariantName": "AllTraffic", "DesiredInstanceCount": 1}])
            wait("scale-ep")
            assert sm.describe_endpoint(EndpointName="scale-ep")["ProductionVariants"][0]["CurrentInstanceCount"] == 1
            """)).EnsureSuccess();
        Assert.Single(server.ProcessesOf("scale-ep"), IsModelServer);
    }

    /// <summary>The model server itself, not bubblewrap around it.</summary>
    private static bool IsModelServer(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("/usr/bin/python3", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int Kill(int pid)
    {
        using var kill = System.Diagnostics.Process.Start("/bin/kill", ["-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
