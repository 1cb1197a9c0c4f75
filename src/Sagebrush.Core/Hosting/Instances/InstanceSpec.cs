using Sagebrush.Core.Account.Billing;
using Sagebrush.Core.Compute.Sandbox;

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
    TimeSpan StartupTimeout)
{
    /// <summary>The variant's unprivileged user (it owns the workspace), or null for the server's.</summary>
    public SandboxUser? User { get; init; }

    /// <summary>
    /// Null for an endpoint's instance (group <c>/aws/sagemaker/Endpoints/&lt;endpoint&gt;</c>, stream
    /// <c>&lt;variant&gt;/&lt;id&gt;</c>); a batch transform's instances log to <c>/aws/sagemaker/TransformJobs</c>, stream
    /// <c>&lt;job&gt;/&lt;id&gt;</c>.
    /// </summary>
    public string? LogGroup { get; init; }

    /// <summary>Where the instance's running time is billed (from launch to stop), or null when it is not metered.</summary>
    public IUsageMeter? Meter { get; init; }

    /// <summary>What the instance is billed as (one instance of the variant's type, for its endpoint or transform job).</summary>
    public MeteredUse? Metered { get; init; }

    /// <summary>The instance type's limits.</summary>
    public HostResources Resources { get; init; } = HostResources.Unlimited;

    /// <summary>The availability zone the instance runs in (a failure domain: <see cref="Zones.ZoneOutage"/>).</summary>
    public string Zone { get; init; } = "local";
}
