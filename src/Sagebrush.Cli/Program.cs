using System.CommandLine;
using Sagebrush.Cli.Commands;
using Sagebrush.Cli.Quickstart;

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
