namespace Sagebrush.Core.Compute;

/// <summary>
/// Where the built-in algorithms' program (Sagebrush.Algorithms) is and the command that runs it: what the
/// ENTRYPOINT of a built-in algorithm image is in Sagebrush. The platform runs it like any image, appending
/// <c>train</c> or <c>serve</c>. The program ships next to the server's assemblies (the CLI and the test projects
/// reference it); <c>SAGEBRUSH_ALGORITHMS</c> points elsewhere.
/// </summary>
public static class AlgorithmsProgram
{
    public const string EnvironmentVariable = "SAGEBRUSH_ALGORITHMS";
    private const string AssemblyName = "Sagebrush.Algorithms";

    /// <summary>The command for <paramref name="algorithm"/> (an image name such as <c>xgboost</c>) in <paramref name="mode"/> (<c>train</c> or <c>serve</c>).</summary>
    public static IReadOnlyList<string> Command(string algorithm, string mode)
    {
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        ArgumentException.ThrowIfNullOrEmpty(mode);
        var dll = Locate();
        return [DotnetHost(), dll, algorithm, mode];
    }

    /// <summary>
    /// Directories a sandboxed host must see at their own paths to run the program: the program's and the dotnet
    /// runtime's (bubblewrap hides /opt and /tmp, where either may be installed).
    /// </summary>
    public static IReadOnlyList<string> ReadOnlyPaths()
    {
        var host = DotnetHost();
        var resolved = new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host;
        return SandboxPaths.ProgramDirectories([Path.GetDirectoryName(Locate()), Path.GetDirectoryName(resolved)]);
    }

    /// <summary>The program's .dll, or a FileNotFoundException naming where it was looked for.</summary>
    public static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var candidate = string.IsNullOrEmpty(configured)
            ? Path.Combine(AppContext.BaseDirectory, AssemblyName + ".dll")
            : configured;
        return File.Exists(candidate)
            ? candidate
            : throw new FileNotFoundException($"The built-in algorithms program was not found at {candidate}; build src/Sagebrush.Algorithms or set {EnvironmentVariable} to its .dll.", candidate);
    }

    // The host that runs us runs the program too: `dotnet` for tests and `dotnet run`, the SDK's path when it says so.
    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileName(process) == "dotnet")
        {
            return process;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        return !string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet") : "/usr/bin/dotnet";
    }
}
