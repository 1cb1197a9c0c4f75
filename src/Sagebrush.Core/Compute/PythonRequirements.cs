namespace Sagebrush.Core.Compute;

/// <summary>
/// Installs a code directory's <c>requirements.txt</c> as the toolkit does before it runs the entry point, into a
/// per-job virtual environment that still sees the system's packages (<c>venv --system-site-packages</c>).
/// The environment is created without pip and filled by the system pip (<c>pip --python</c>), which takes a second
/// instead of the eight that bootstrapping pip into every job would. Both steps run as a host of the job, in its
/// sandbox and as its user (pip runs a package's build scripts, which are the job's code like any other), with the
/// environment bound writable at its own path and the machine's network so pip reaches the package index. pip gets a
/// clean environment, so an index or wheel directory configured for the server does not leak into jobs.
/// </summary>
public sealed class PythonRequirements(string systemPython = PythonRequirements.SystemPython)
{
    public const string SystemPython = "/usr/bin/python3";
    public const string FileName = "requirements.txt";

    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin",
        ["HOME"] = "/tmp",
        ["LANG"] = "C.UTF-8",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
    };

    /// <summary>Makes the environment at <paramref name="venvDirectory"/>.</summary>
    public IReadOnlyList<string> CreateCommand(string venvDirectory) =>
        [systemPython, "-m", "venv", "--system-site-packages", "--without-pip", venvDirectory];

    /// <summary>Installs <paramref name="requirementsFile"/> (as the host sees it) into the environment.</summary>
    public IReadOnlyList<string> InstallCommand(string venvDirectory, string requirementsFile) =>
        [systemPython, "-m", "pip", "--python", PythonOf(venvDirectory), "install", "--no-input", "--disable-pip-version-check", "--retries", "0", "--timeout", "10", "-r", requirementsFile];

    public static string PythonOf(string venvDirectory) => Path.Combine(venvDirectory, "bin", "python");
}
