using System.Globalization;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.Account;

/// <summary>Idle endpoints: listed by <c>sagebrush idle</c>, scaled to zero by the server's policy, woken by the next call.</summary>
public sealed class IdleEndpointTests(AccountServerFixture server) : IClassFixture<AccountServerFixture>
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "sagebrush.dll");

    [Fact]
    public async Task AnIdleEndpointScaledToZeroWakesOnItsNextCall()
    {
        (await server.RunBoto3Async("""
            model("sleepy-model", label="sleepy")
            config("sleepy-config", [("AllTraffic", "sleepy-model", 2, 1.0)])
            sm.create_endpoint(EndpointName="sleepy-ep", EndpointConfigName="sleepy-config", Tags=[{"Key": "sagebrush:idle-minutes", "Value": "0.03"}])
            wait("sleepy-ep")
            assert invoke("sleepy-ep")[0]["label"] == "sleepy"
            for _ in range(100):
                variant = sm.describe_endpoint(EndpointName="sleepy-ep")["ProductionVariants"][0]
                if variant["CurrentInstanceCount"] == 0:
                    break
                time.sleep(0.1)
            assert variant["CurrentInstanceCount"] == 0 and variant["DesiredInstanceCount"] == 2, variant
            assert sm.describe_endpoint(EndpointName="sleepy-ep")["EndpointStatus"] == "InService"

            started = time.time()
            answer, _ = invoke("sleepy-ep", "wake up")
            woke = time.time() - started
            assert answer["label"] == "sleepy" and answer["input"] == "wake up", answer
            variant = sm.describe_endpoint(EndpointName="sleepy-ep")["ProductionVariants"][0]
            assert variant["CurrentInstanceCount"] == 2, variant
            print(f"woke in {woke:.2f} s")
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task TheIdleCommandListsARunningEndpointWithoutCallsAndItsHourlyCost()
    {
        (await server.RunBoto3Async("""
            deploy("unused", instances=1)
            """)).EnsureSuccess();

        var result = await ExternalProcess.RunAsync("dotnet", [Cli, "idle", "--minutes", "0", "--data-dir", server.DataDir], new Dictionary<string, string?>());

        Assert.Equal(3, result.ExitCode);
        var row = result.StandardOutput.Split('\n').Single(l => l.StartsWith("endpoint/unused-ep ", StringComparison.Ordinal));
        var cells = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ml.m5.large", cells[1]);
        Assert.Equal("1", cells[2]);
        Assert.Equal(0.115m, decimal.Parse(cells[4], CultureInfo.InvariantCulture));

        var quiet = await ExternalProcess.RunAsync("dotnet", [Cli, "idle", "--minutes", "600", "--data-dir", server.DataDir], new Dictionary<string, string?>());
        Assert.Equal(0, quiet.ExitCode);
        Assert.Contains("Nothing running has been unused for 600 minutes", quiet.StandardOutput, StringComparison.Ordinal);
    }
}
