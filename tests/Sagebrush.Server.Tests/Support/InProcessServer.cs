using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Common;

namespace Sagebrush.Server.Tests.Support;

/// <summary>
/// A real Sagebrush server in the test process on a random loopback port with a temp data dir and the fixed key pair
/// (<see cref="SagebrushServerFixture.Credentials"/>), shared by the tests of one class. A fixture replaces services
/// (executors, options) in <see cref="ConfigureServices"/>.
/// </summary>
public abstract class InProcessServer : IAsyncLifetime
{
    private WebApplication? app;

    /// <param name="dataDirParent">Where the temp data dir goes; /tmp by default (the sandbox hides /tmp anyway, so
    /// tests of what a job can see put it elsewhere).</param>
    protected InProcessServer(string? dataDirParent = null) =>
        DataDir = Path.Combine(dataDirParent ?? Path.GetTempPath(), "sagebrush-test-" + Guid.NewGuid().ToString("N"));

    public string DataDir { get; }

    public Uri Url { get; private set; } = null!;

    public string Endpoint => Url.ToString().TrimEnd('/');

    public AccountSettings Account { get; } = new();

    /// <summary>The running server's services, for tests that write as a Sagebrush component would (ILogStore, ...).</summary>
    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("the server has not started");

    public virtual async Task InitializeAsync()
    {
        app = SagebrushServer.Build(
            new ServerSettings("127.0.0.1", 0, DataDir, Account, SagebrushServerFixture.Credentials),
            logging => logging.SetMinimumLevel(LogLevel.Warning),
            ConfigureServices);
        await app.StartAsync();
        Url = SagebrushServer.ListeningUri(app);
    }

    public virtual async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Directory.Delete(DataDir, recursive: true);
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Runs a Python script (the fixture's prelude and the test's) with boto3's environment bound to this server as <c>SAGEBRUSH_ENDPOINT</c>.</summary>
    protected Task<ProcessResult> RunPythonAsync(string script, TimeSpan timeout)
    {
        var environment = SagebrushServerFixture.ClientEnvironment(Account.Region);
        environment["SAGEBRUSH_ENDPOINT"] = Endpoint;
        return ExternalProcess.RunAsync(Boto3.Python, ["-"], environment, script, timeout: timeout);
    }
}
