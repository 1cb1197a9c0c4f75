using System.Diagnostics;
using System.Text.Json;

namespace Sagebrush.Algorithms.Tests.Support;

/// <summary>
/// Runs a scikit-learn reference with Debian's /usr/bin/python3 in the same test. The script gets the workspace
/// directory as sys.argv[1] and prints one JSON object as its last line of output.
/// </summary>
public static class PythonReference
{
    public static JsonElement Run(string script, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-");
        start.ArgumentList.Add(workingDirectory);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONWARNINGS"] = "ignore";
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The Python reference did not finish in 5 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The Python reference failed ({process.ExitCode}):\n{stderr.Result}");
        }

        var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        return JsonDocument.Parse(last).RootElement.Clone();
    }
}
