using System.CommandLine;
using Sagebrush.Core.Hosting.Metrics;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Cli.Commands;

/// <summary>
/// <c>sagebrush endpoints [--minutes N]</c>: every endpoint with its status, and per variant its instances and the
/// invocation metrics of the last N minutes. Like <c>sagebrush logs</c>, it reads the data dir's files read-only
/// (metadata.db for the endpoints, endpoint-metrics.db for the metrics), with or without a running server.
/// </summary>
internal static class EndpointsCommand
{
    public static Command Create()
    {
        var minutes = new Option<int>("--minutes", "-m")
        {
            Description = "How many minutes of metrics to show, the current one included.",
            DefaultValueFactory = _ => 5,
        };
        var dataDir = CommonOptions.DataDir();
        var command = new Command(
            "endpoints",
            "List endpoints with their status and, per variant, invocations, 4xx/5xx errors and model/overhead latency " +
            "(average and p99) over the last minutes. Reads <data-dir>/metadata.db and endpoint-metrics.db read-only.")
        {
            minutes, dataDir,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(Path.GetFullPath(parse.GetValue(dataDir)!), parse.GetValue(minutes), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    /// <summary>Prints the table; returns the exit code.</summary>
    public static async Task<int> RunAsync(string dataDir, int minutes, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (minutes < 1)
        {
            await errors.WriteLineAsync("sagebrush endpoints: --minutes must be at least 1.");
            return 2;
        }

        var metadataPath = Path.Combine(dataDir, SqliteMetadataStore.FileName);
        if (!File.Exists(metadataPath))
        {
            await errors.WriteLineAsync($"sagebrush endpoints: no endpoints yet: {metadataPath} does not exist (has a server run with this --data-dir?).");
            return 1;
        }

        var endpoints = await EndpointOverviewReader.ReadAsync(metadataPath, cancellationToken);
        var metricsPath = Path.Combine(dataDir, SqliteEndpointMetricStore.FileName);
        using var metrics = File.Exists(metricsPath) ? SqliteEndpointMetricStore.OpenReadOnly(metricsPath) : null;
        await EndpointsReport.WriteAsync(output, endpoints, metrics, DateTimeOffset.UtcNow, minutes, cancellationToken);
        return 0;
    }
}
