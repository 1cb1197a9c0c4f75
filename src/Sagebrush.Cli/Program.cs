using System.CommandLine;
using Sagebrush.Cli.Commands;
using Sagebrush.Cli.Quickstart;

// Socket completions run on the thread that polls the sockets rather than hopping to a thread-pool worker: on the data
// plane (a call in from the client, out to the instance, back, and out again) each hop was a wake-up of another
// thread, and wake-ups were most of the router's cost (docs/hosting.md, "The router's hop"). Read once, when the
// first socket is made, so it must be set before anything opens one; DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0
// in the environment turns it off.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

var root = new RootCommand("Sagebrush: a self-hosted machine-learning platform that speaks SageMaker's API.")
{
    QuickstartCommand.Create(),
    ServerCommand.Create(),
    EnvCommand.Create(),
    LogsCommand.Create(),
    EndpointsCommand.Create(),
    InstanceTypesCommand.Create(),
    BillCommand.Create(),
    IdleCommand.Create(),
    ChaosCommand.Create(),
};

// The web host handles SIGINT/SIGTERM itself and shuts down cleanly; System.CommandLine must not race it.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
