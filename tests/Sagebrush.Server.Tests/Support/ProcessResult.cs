namespace Sagebrush.Server.Tests.Support;

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public ProcessResult EnsureSuccess()
    {
        return ExitCode == 0
            ? this
            : throw new Xunit.Sdk.XunitException($"exit code {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
    }
}
