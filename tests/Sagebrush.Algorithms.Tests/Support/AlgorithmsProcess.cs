using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sagebrush.Algorithms.Tests.Support;

/// <summary>The algorithms program as the platform runs it: <c>dotnet Sagebrush.Algorithms.dll &lt;algorithm&gt; &lt;mode&gt;</c>.</summary>
internal static class AlgorithmsProcess
{
    private static string Dll => Path.Combine(AppContext.BaseDirectory, "Sagebrush.Algorithms.dll");

    public static ProcessStartInfo StartInfo(string algorithm, string mode, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll);
        start.ArgumentList.Add(algorithm);
        start.ArgumentList.Add(mode);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Runs <c>train</c> to the end: its exit code and what it wrote.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> TrainAsync(string algorithm, IReadOnlyDictionary<string, string> environment)
    {
        using var process = Process.Start(StartInfo(algorithm, "train", environment))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
