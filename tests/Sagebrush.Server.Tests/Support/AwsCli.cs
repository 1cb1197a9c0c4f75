namespace Sagebrush.Server.Tests.Support;

/// <summary>Debian's AWS CLI v2 at /usr/bin/aws (not the pyenv one earlier on PATH), pointed at the test server.</summary>
public sealed class AwsCli(SagebrushServerFixture server)
{
    public const string Path = "/usr/bin/aws";

    public Task<ProcessResult> RunAsync(params string[] arguments) => RunInAsync(null, arguments);

    public Task<ProcessResult> RunInAsync(string? workingDirectory, params string[] arguments) =>
        ExternalProcess.RunAsync(Path, ["--endpoint-url", server.Endpoint, .. arguments], server.ClientEnvironment(), workingDirectory: workingDirectory);
}
