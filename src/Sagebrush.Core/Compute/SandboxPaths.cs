namespace Sagebrush.Core.Compute;

/// <summary>
/// The directories a host's program lives in (the algorithms program, the .NET runtime, the model server), for
/// <see cref="HostLaunch.ReadOnlyPaths"/>. The sandbox may hide any of them: /tmp and /opt are fresh there, the data
/// directory is covered, and a home directory such as /root is closed to the job's user. Each is bound back
/// read-only at its own path, so the command finds it where the server does.
/// </summary>
public static class SandboxPaths
{
    public static IReadOnlyList<string> ProgramDirectories(IEnumerable<string?> directories) =>
        [.. directories.OfType<string>().Distinct(StringComparer.Ordinal)];
}
