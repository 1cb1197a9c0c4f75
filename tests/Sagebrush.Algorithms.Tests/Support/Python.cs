using System.Diagnostics;

namespace Sagebrush.Algorithms.Tests.Support;

/// <summary>Runs a script with Debian's /usr/bin/python3 (xgboost 1.7.4, numpy, scikit-learn) and returns its stdout.</summary>
internal static class Python
{
    public const string Executable = "/usr/bin/python3";

    public static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("-");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OMP_NUM_THREADS"] = "2";
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"python3 exited {process.ExitCode}: {await errors}");
    }
}
