using Sagebrush.Server.Tests.Api.SageMaker.Notebooks;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Durability;

/// <summary>
/// The real <c>sagebrush server</c> SIGKILLed while a notebook instance is InService: its Jupyter dies with the server
/// (and its volume is left mounted); the next start, on another port, brings the instance back to InService with its
/// volume's files, reachable through the new port, and its own way to the API leads to the new port too.
/// </summary>
public sealed class NotebookRestartTests
{
    [Fact]
    public async Task ANotebookInServiceWhenTheServerIsKilledIsInServiceAgainAfterTheRestartWithItsFiles()
    {
        await using var server = await ServerProcess.StartAsync();
        var boto3 = new Boto3(server);
        (await boto3.RunAsync(NotebookServerFixture.Prelude + """
            ping = "#!/bin/bash\n/usr/bin/python3 -c \"import os, boto3; print('reached', boto3.client('sts', endpoint_url=os.environ['AWS_ENDPOINT_URL']).get_caller_identity()['Account'])\"\n"
            sm.create_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="ping", OnStart=[{"Content": b64(ping)}])
            sm.create_notebook_instance(NotebookInstanceName="Survivor", InstanceType="ml.t3.medium", RoleArn=ROLE, LifecycleConfigName="ping")
            assert settle("Survivor")["NotebookInstanceStatus"] == "InService"
            Jupyter("Survivor").write("kept.txt", "written before the crash")
            """)).EnsureSuccess();

        await server.KillAsync();
        await server.RestartAsync();

        (await boto3.RunAsync(NotebookServerFixture.Prelude + """
            d = settle("Survivor")
            assert d["NotebookInstanceStatus"] == "InService", d
            assert d["Url"] == f"survivor.notebook.localhost:{PORT}", d
            # The recovered instance's relay reaches the server on its new port.
            assert stream("Survivor", "LifecycleConfigOnStart") == ["reached 000000000000"] * 2, stream("Survivor", "LifecycleConfigOnStart")
            assert Jupyter("Survivor").read("kept.txt") == "written before the crash"
            sm.stop_notebook_instance(NotebookInstanceName="Survivor")
            assert settle("Survivor")["NotebookInstanceStatus"] == "Stopped"
            sm.delete_notebook_instance(NotebookInstanceName="Survivor")
            assert settle("Survivor") is None
            """)).EnsureSuccess();
        Assert.DoesNotContain(File.ReadLines("/proc/self/mountinfo"), line => line.Contains(server.DataDir, StringComparison.Ordinal));
    }
}
