namespace Sagebrush.Core.Compute;

/// <summary>
/// The sandbox (bubblewrap) mounts fresh, empty /tmp and /opt over the host's. A program a host runs from there (a
/// checkout under /tmp, a runtime under /opt) must be bound back in read-only at its own path: these are those
/// directories, for <see cref="HostLaunch.ReadOnlyPaths"/>.
/// </summary>
public static class SandboxPaths
{
    public static IReadOnlyList<string> HiddenDirectories(IEnumerable<string?> directories) =>
        [.. directories
            .OfType<string>()
            .Where(d => d.StartsWith("/opt/", StringComparison.Ordinal) || d.StartsWith("/tmp/", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)];
}
