using Sagebrush.Core.Compute;
using Sagebrush.Core.Hosting.Instances;
using Sagebrush.Core.Hosting.Models;

namespace Sagebrush.Core.Tests.Hosting.Instances;

public sealed class ServingCommandTests
{
    private static readonly ServingImage ScikitLearn = ServingImage.Resolve(
        "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3",
        new Dictionary<string, string> { ["SAGEMAKER_PROGRAM"] = "inference.py" });

    [Fact]
    public void AModelServerUnderTmpIsBoundBackIntoTheSandbox()
    {
        var command = ServingCommand.Create(ScikitLearn, null, "/opt/ml", null, 8080, 2, "/tmp/checkout/bin/ModelServer/model_server.py");

        Assert.Equal(["/usr/bin/python3", "/tmp/checkout/bin/ModelServer/model_server.py"], command.Command);
        Assert.Equal(["/tmp/checkout/bin/ModelServer"], command.ReadOnlyPaths);
    }

    [Fact]
    public void AModelServerAnywhereIsBoundBackAtItsOwnPath()
    {
        var command = ServingCommand.Create(ScikitLearn, null, "/opt/ml", null, 8080, 2, "/work/checkout/bin/ModelServer/model_server.py");

        Assert.Equal(["/work/checkout/bin/ModelServer"], command.ReadOnlyPaths);
    }

    [Fact]
    public void EveryProgramDirectoryIsListedOnce()
    {
        Assert.Equal(
            ["/tmp/a", "/usr/share/dotnet", "/opt/dotnet", "/tmpfoo"],
            SandboxPaths.ProgramDirectories(["/tmp/a", "/usr/share/dotnet", null, "/opt/dotnet", "/tmp/a", "/tmpfoo"]));
    }
}
