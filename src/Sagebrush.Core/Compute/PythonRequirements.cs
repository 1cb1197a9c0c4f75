using System.Diagnostics;
using System.Text;

namespace Sagebrush.Core.Compute;

/// <summary>
/// Installs a code directory's <c>requirements.txt</c> as the toolkit does before it runs the entry point, into a
/// per-job virtual environment that still sees the system's packages (<c>venv --system-site-packages</c>).
/// The environment is created without pip and filled by the system pip (<c>pip --python</c>), which takes a second
/// instead of the eight that bootstrapping pip into every job would. pip runs with a clean environment, so an
/// index or wheel directory configured for the server does not leak into jobs.
/// </summary>
public sealed class PythonRequirements(string systemPython = PythonRequirements.SystemPython)
{
    public const string SystemPython = "/usr/bin/python3";
    public const string FileName = "requirements.txt";

    /// <summary>Creates the environment and installs; returns the environment's python, or the failure.</summary>
    public async Task<RequirementsResult> InstallAsync(string requirementsFile, string venvDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var venv = await RunAsync(systemPython, ["-m", "venv", "--system-site-packages", "--without-pip", venvDirectory], log, cancellationToken);
        if (venv.ExitCode != 0)
        {
            return new RequirementsResult(null, venv.LastError ?? "python3 -m venv exited with code " + venv.ExitCode);
        }

        var python = Path.Combine(venvDirectory, "bin", "python");
        var pip = await RunAsync(systemPython, ["-m", "pip", "--python", python, "install", "--no-input", "--disable-pip-version-check", "--retries", "0", "--timeout", "10", "-r", requirementsFile], log, cancellationToken);
        return pip.ExitCode == 0 ? new RequirementsResult(python, null) : new RequirementsResult(null, pip.LastError ?? "pip exited with code " + pip.ExitCode);
    }

    private static async Task<(int ExitCode, string? LastError)> RunAsync(string file, IReadOnlyList<string> arguments, Action<string> log, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["LANG"] = "C.UTF-8";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException(file + " did not start.");
        string? lastError = null;
        async Task Pump(StreamReader reader, bool isError)
        {
            while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
            {
                log(line);
                if (isError && line.Trim().Length > 0)
                {
                    lastError = line.Trim();
                }
            }
        }

        var pumps = Task.WhenAll(Pump(process.StandardOutput, false), Pump(process.StandardError, true));
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await pumps;
        return (process.ExitCode, lastError);
    }
}

/// <summary>The environment's python when the install worked, otherwise pip's last error line.</summary>
public sealed record RequirementsResult(string? Python, string? Error);
