using System.Diagnostics;
using System.Text.Json;
using Sagebrush.Core.Hosting.ModelServer;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Hosting.ModelServer;

/// <summary>
/// A temp model directory (as the hosting side unpacks model.tar.gz: artifacts at the top, the script in code/) and
/// the shipped model_server.py started on it with /usr/bin/python3.
/// </summary>
public sealed class ModelDirectory : IDisposable
{
    public const string Python = "/usr/bin/python3";

    private readonly TempDirectory root = new();

    public ModelDirectory()
    {
        Directory.CreateDirectory(CodeDir);
    }

    public string Path => root.Path;

    public string CodeDir => System.IO.Path.Combine(root.Path, "code");

    public void WriteScript(string source, string name = "inference.py") =>
        File.WriteAllText(System.IO.Path.Combine(CodeDir, name), source);

    /// <summary>Runs a Python program in the model directory and parses what it prints as JSON (expected predictions).</summary>
    public async Task<JsonElement> RunPythonAsync(string program)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root.Path,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(program);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start python3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python3 failed with {process.ExitCode}:\n{await stderr}");
        }

        return JsonDocument.Parse(await stdout).RootElement.Clone();
    }

    public Dictionary<string, string> Environment(string framework, string? program = "inference.py") => new()
    {
        ["SM_MODEL_DIR"] = root.Path,
        ["SAGEBRUSH_FRAMEWORK"] = framework,
        ["SAGEMAKER_PROGRAM"] = program ?? "",
        ["SAGEMAKER_SUBMIT_DIRECTORY"] = CodeDir,
    };

    public Task<PingableProcess> StartServerAsync(string framework, string? program = "inference.py") =>
        PingableProcess.StartAsync(Python, [ModelServerScript.Locate()], Environment(framework, program));

    public PingableProcess LaunchServer(string framework, string? program = "inference.py") =>
        PingableProcess.Launch(Python, [ModelServerScript.Locate()], Environment(framework, program));

    public void Dispose() => root.Dispose();
}
