using Sagebrush.Core.Account.Billing;
using Sagebrush.Core.Compute.Sandbox;

namespace Sagebrush.Core.Compute.Jobs;

/// <summary>
/// What the spine needs to know of any job: its name (its directory), how many hosts, what each may use, whether it
/// asked for network isolation, how long it may run and how long a stopped host gets to exit.
/// </summary>
public sealed record JobSpec(string Name, int HostCount, HostResources Resources, bool NetworkIsolation, TimeSpan MaxRuntime, TimeSpan StopGracePeriod)
{
    /// <summary>What the hosts' run is billed as, or null when it is not metered.</summary>
    public MeteredUse? Metered { get; init; }

    /// <summary>The image every host runs in, through the container launcher; null for hosts in the sandbox.</summary>
    public string? Container { get; init; }
}

public enum JobOutcomeKind
{
    Completed,
    Failed,
    Stopped,
    MaxRuntimeExceeded,
}

/// <summary>How a job ended: its FailureReason when Failed, the artifacts' URI, and how long the hosts ran.</summary>
public sealed record JobOutcome(JobOutcomeKind Kind, string? FailureReason, string? Artifacts, TimeSpan RunTime)
{
    public static JobOutcome Failed(string reason) => new(JobOutcomeKind.Failed, reason, null, TimeSpan.Zero);

    public static JobOutcome Stopped { get; } = new(JobOutcomeKind.Stopped, null, null, TimeSpan.Zero);
}

/// <summary>One host of a job: its name (algo-N) and the real directory that is its /opt/ml.</summary>
public sealed record JobHost(string Name, string Root);
