using System.CommandLine;
using Sagebrush.Core.Account.Idle;
using Sagebrush.Core.Hosting.Metrics;

namespace Sagebrush.Cli.Commands;

/// <summary>
/// <c>sagebrush idle [--minutes N]</c>: what is running and unused for N minutes, with what it costs per hour. Reads
/// <c>usage.db</c> and <c>endpoint-metrics.db</c> read-only. Exit code 0 when nothing is idle, 3 when something is.
/// </summary>
internal static class IdleCommand
{
    public static Command Create()
    {
        var minutes = new Option<int>("--minutes", "-m")
        {
            Description = "How long without use counts as idle.",
            DefaultValueFactory = _ => 30,
        };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("idle", "List running resources unused for N minutes (endpoints without invocations) and what they cost per hour.")
        {
            minutes, dataDir,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(Path.GetFullPath(parse.GetValue(dataDir)!), parse.GetValue(minutes), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string dataDir, int minutes, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (minutes < 0)
        {
            await errors.WriteLineAsync("sagebrush idle: --minutes must be at least 0.");
            return 2;
        }

        if (BillCommand.Ledger(dataDir, errors, "idle") is not { } ledger)
        {
            return 1;
        }

        using (ledger)
        {
            var metricsPath = Path.Combine(dataDir, SqliteEndpointMetricStore.FileName);
            using var metrics = File.Exists(metricsPath) ? SqliteEndpointMetricStore.OpenReadOnly(metricsPath) : null;
            var now = DateTimeOffset.UtcNow;
            var running = await ledger.ReadRunningAsync(cancellationToken);
            var idle = await IdleReport.WriteAsync(
                output,
                running,
                endpoint => metrics is null ? Task.FromResult<DateTimeOffset?>(null) : metrics.LastInvokedAsync(endpoint, cancellationToken),
                now,
                minutes);
            return idle == 0 ? 0 : 3;
        }
    }
}
