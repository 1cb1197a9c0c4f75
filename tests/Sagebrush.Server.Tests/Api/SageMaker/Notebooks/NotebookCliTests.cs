using System.Text.Json;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.SageMaker.Notebooks;

/// <summary>The notebook operations through Debian's AWS CLI v2, as a user types them.</summary>
public sealed class NotebookCliTests(NotebookServerFixture server) : IClassFixture<NotebookServerFixture>
{
    private Task<ProcessResult> AwsAsync(params string[] arguments) =>
        ExternalProcess.RunAsync(AwsCli.Path, ["--endpoint-url", server.Endpoint, "--output", "json", .. arguments], SagebrushServerFixture.ClientEnvironment(server.Account.Region));

    [Fact]
    public async Task TheCliCreatesANotebookWithALifecycleConfigurationAndHandsOutItsPresignedUrl()
    {
        var script = Convert.ToBase64String("#!/bin/bash\necho from the cli\n"u8.ToArray());
        (await AwsAsync("sagemaker", "create-notebook-instance-lifecycle-config", "--notebook-instance-lifecycle-config-name", "cli-setup", "--on-start", "Content=" + script)).EnsureSuccess();
        var created = (await AwsAsync("sagemaker", "create-notebook-instance", "--notebook-instance-name", "cli-notebook", "--instance-type", "ml.t3.medium",
            "--role-arn", "arn:aws:iam::000000000000:role/SageMakerRole", "--lifecycle-config-name", "cli-setup", "--volume-size-in-gb", "5")).EnsureSuccess();
        Assert.Equal("arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/cli-notebook", JsonDocument.Parse(created.StandardOutput).RootElement.GetProperty("NotebookInstanceArn").GetString());

        JsonElement described = default;
        for (var i = 0; i < 60; i++)
        {
            described = JsonDocument.Parse((await AwsAsync("sagemaker", "describe-notebook-instance", "--notebook-instance-name", "cli-notebook")).EnsureSuccess().StandardOutput).RootElement;
            if (described.GetProperty("NotebookInstanceStatus").GetString() != "Pending")
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Equal("InService", described.GetProperty("NotebookInstanceStatus").GetString());
        Assert.Equal("cli-setup", described.GetProperty("NotebookInstanceLifecycleConfigName").GetString());
        var url = JsonDocument.Parse((await AwsAsync("sagemaker", "create-presigned-notebook-instance-url", "--notebook-instance-name", "cli-notebook", "--session-expiration-duration-in-seconds", "1800"))
            .EnsureSuccess().StandardOutput).RootElement.GetProperty("AuthorizedUrl").GetString();
        Assert.StartsWith($"http://cli-notebook.notebook.localhost:{server.Url.Port}/?authToken=", url, StringComparison.Ordinal);

        var listed = JsonDocument.Parse((await AwsAsync("sagemaker", "list-notebook-instances", "--status-equals", "InService", "--name-contains", "cli")).EnsureSuccess().StandardOutput).RootElement;
        Assert.Equal("cli-notebook", Assert.Single(listed.GetProperty("NotebookInstances").EnumerateArray()).GetProperty("NotebookInstanceName").GetString());
        var events = JsonDocument.Parse((await AwsAsync("logs", "get-log-events", "--log-group-name", "/aws/sagemaker/NotebookInstances", "--log-stream-name", "cli-notebook/LifecycleConfigOnStart"))
            .EnsureSuccess().StandardOutput).RootElement;
        Assert.Equal("from the cli", Assert.Single(events.GetProperty("events").EnumerateArray()).GetProperty("message").GetString());

        var refused = await AwsAsync("sagemaker", "delete-notebook-instance", "--notebook-instance-name", "cli-notebook");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(ValidationException) when calling the DeleteNotebookInstance operation: Status (InService) not in ([Stopped, Failed]). Unable to transition to (Deleting)", refused.StandardError, StringComparison.Ordinal);
        (await AwsAsync("sagemaker", "stop-notebook-instance", "--notebook-instance-name", "cli-notebook")).EnsureSuccess();
        (await AwsAsync("sagemaker", "wait", "notebook-instance-stopped", "--notebook-instance-name", "cli-notebook")).EnsureSuccess();
        (await AwsAsync("sagemaker", "delete-notebook-instance", "--notebook-instance-name", "cli-notebook")).EnsureSuccess();
        var gone = await AwsAsync("sagemaker", "wait", "notebook-instance-deleted", "--notebook-instance-name", "cli-notebook");
        Assert.Equal(0, gone.ExitCode);
    }
}
