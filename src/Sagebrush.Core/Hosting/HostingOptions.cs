using Sagebrush.Core.Compute;

namespace Sagebrush.Core.Hosting;

/// <summary>How endpoints run their instances and route to them.</summary>
public sealed record HostingOptions
{
    /// <summary>Between SIGTERM and the kill when an instance stops.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an instance may take to answer GET /ping with 200 when the variant does not say (ContainerStartupHealthCheckTimeoutInSeconds).</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a healthy instance is pinged.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a container may take to answer one invocation (SageMaker: 60 seconds).</summary>
    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an old deployment may finish its in-flight calls after UpdateEndpoint switched traffic away.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Seeds the router's weighted choice of variant (tests); null for a random seed.</summary>
    public int? RouterSeed { get; init; }

    /// <summary>The Python model server for script-mode models; null for the one Sagebrush ships (<c>ModelServerScript.Locate()</c>).</summary>
    public string? ModelServerScript { get; init; }

    /// <summary>bubblewrap, or null to run instances as plain processes.</summary>
    public string? BubblewrapPath { get; init; } = LocalProcessLauncher.DefaultBubblewrapPath;

    /// <summary>Directories no instance may see (the data directory).</summary>
    public IReadOnlyList<string> HiddenPaths { get; init; } = [];

    /// <summary>An instance's volume when the variant gives no VolumeSizeInGB: what its model may unpack to, and its /tmp.</summary>
    public int DefaultVolumeSizeInGB { get; init; } = 30;

    /// <summary>The port an instance listens on inside its own network namespace, as SageMaker's containers do.</summary>
    /// <summary>
    /// Warm spares per variant: instances started and kept out of rotation, which take the place of one that dies
    /// while it restarts (so a one-instance endpoint keeps serving). They are billed as instances; SageMaker has none.
    /// </summary>
    public int WarmSpares { get; init; }

    /// <summary>
    /// An endpoint that has taken no call for this long is scaled to zero instances (woken by its next call);
    /// zero turns the policy off. An endpoint's own tag <c>sagebrush:idle-minutes</c> overrides it (0: never).
    /// </summary>
    public TimeSpan EndpointIdleTimeout { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>How often the idle policy looks at the endpoints.</summary>
    public TimeSpan IdleCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    public const int ContainerPort = 8080;

    /// <summary>How many processors an instance may claim (SM_NUM_CPUS).</summary>
    public int ProcessorCount { get; init; } = Environment.ProcessorCount;
}
