using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sagebrush.Core.Hosting;
using Sagebrush.Core.Hosting.Routing;

namespace Sagebrush.Server.Tests.Api.SageMaker.Hosting;

/// <summary>A hosting server that keeps one warm spare per variant.</summary>
public sealed class WarmSpareFixture() : HostingFixture(useEchoServer: true)
{
    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        var hosting = (HostingOptions)services.Last(d => d.ServiceType == typeof(HostingOptions)).ImplementationInstance!;
        services.AddSingleton(hosting with { WarmSpares = 1 });
    }
}

/// <summary>A one-instance endpoint whose instance is killed keeps answering: its warm spare takes the place at once.</summary>
public sealed class WarmSpareTests(WarmSpareFixture server) : IClassFixture<WarmSpareFixture>
{
    [Fact]
    public async Task AKilledInstanceIsReplacedByTheSpareAndNoCallFails()
    {
        (await server.RunBoto3Async("""
            deploy("spared", instances=1)
            variant = sm.describe_endpoint(EndpointName="spared-ep")["ProductionVariants"][0]
            assert variant["CurrentInstanceCount"] == 1, variant  # the spare is not an instance in service
            """)).EnsureSuccess();
        var route = server.Services.GetRequiredService<EndpointRouter>().Current("spared-ep")!.Variants[0];
        var (active, spare) = (route.Instances[0], route.Spares[0]);
        Assert.True(spare.IsHealthy);

        var router = server.Services.GetRequiredService<EndpointRouter>();
        foreach (var pid in HostingFixture.ProcessesUnder(active.ScratchDirectory))
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
                // Already gone: killing the instance's first process can end the others before their turn.
            }
        }

        // As soon as the supervisor has seen it die and before it is back (it waits 200 ms before starting it again):
        // the call finds no healthy instance in rotation and the spare takes the dead one's place. (A call already on
        // a connection to the dying process fails with it: SageMaker's retry advice holds for that one.)
        var watch = Stopwatch.StartNew();
        while (active.IsHealthy && watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(2);
        }

        Assert.False(active.IsHealthy);
        var answer = await router.InvokeAsync(new InvocationRequest("spared-ep", "now"u8.ToArray(), "text/plain", null, null, null, null, Stopwatch.GetTimestamp()), CancellationToken.None);
        Assert.Contains("\"input\": \"now\"", System.Text.Encoding.UTF8.GetString(answer.Body), StringComparison.Ordinal);
        Assert.Same(spare, route.Instances[0]);
        Assert.Same(active, route.Spares[0]); // restarting, it is the spare now

        (await server.RunBoto3Async("""
            for i in range(30):
                answer, _ = invoke("spared-ep", f"call {i}")
                assert answer["label"] == "spared-model", answer
            """)).EnsureSuccess();
    }
}
