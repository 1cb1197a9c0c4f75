namespace Sagebrush.Core.Compute;

/// <summary>How <see cref="LocalProcessLauncher"/> confines hosts.</summary>
public sealed record SandboxOptions
{
    /// <summary>bubblewrap, or null to run hosts as plain processes (no confinement at all: tests and machines without it).</summary>
    public string? BubblewrapPath { get; init; } = LocalProcessLauncher.DefaultBubblewrapPath;

    /// <summary>
    /// Directories no host may see, wherever they are: the data directory (credentials, metadata, every bucket,
    /// other jobs' workspaces). Each is covered by an empty tmpfs inside the sandbox.
    /// </summary>
    public IReadOnlyList<string> HiddenPaths { get; init; } = [];

    /// <summary>Where host limits are applied; null for the process-wide hierarchy (<see cref="Sandbox.Cgroups.Shared"/>).</summary>
    public Sandbox.Cgroups? Cgroups { get; init; }

    /// <summary>Where unprivileged users come from; null for the process-wide pool.</summary>
    public Sandbox.SandboxUsers? Users { get; init; }
}
