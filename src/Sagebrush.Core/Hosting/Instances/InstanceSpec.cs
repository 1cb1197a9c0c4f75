namespace Sagebrush.Core.Hosting.Instances;

/// <summary>
/// One instance to run: its workspace (the host directory seen at /opt/ml, the model in its <c>model/</c>), a
/// scratch directory of its own, and the command for a port (each start gets a new free port).
/// </summary>
public sealed record InstanceSpec(
    string EndpointName,
    string VariantName,
    string Workspace,
    string ScratchDirectory,
    Func<int, ServingCommand> CommandForPort,
    TimeSpan StartupTimeout);
