using System.CommandLine;
using Sagebrush.Core.Account.Billing;

namespace Sagebrush.Cli.Commands;

/// <summary>
/// <c>sagebrush bill [--days N]</c>: what ran, for how long, and what it would have cost on SageMaker, with totals per
/// day and per tag. Reads <c>usage.db</c> read-only, with or without a running server.
/// </summary>
internal static class BillCommand
{
    public static Command Create()
    {
        var days = new Option<int>("--days")
        {
            Description = "How many days back to show, today (UTC) included.",
            DefaultValueFactory = _ => 1,
        };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("bill", "Show what held instances, for how long, and what it would have cost on SageMaker, per resource, day and tag. Reads <data-dir>/usage.db read-only.")
        {
            days, dataDir,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(Path.GetFullPath(parse.GetValue(dataDir)!), parse.GetValue(days), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string dataDir, int days, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        if (days < 1)
        {
            await errors.WriteLineAsync("sagebrush bill: --days must be at least 1.");
            return 2;
        }

        if (Ledger(dataDir, errors, "bill") is not { } ledger)
        {
            return 1;
        }

        using (ledger)
        {
            var now = DateTimeOffset.UtcNow;
            var from = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1 - days);
            await BillReport.WriteAsync(output, await ledger.ReadAsync(from, now, cancellationToken), from, now, now);
            return 0;
        }
    }

    /// <summary>The data dir's usage ledger, read-only; null (with the reason written) when there is none.</summary>
    internal static SqliteUsageLedger? Ledger(string dataDir, TextWriter errors, string command)
    {
        var path = Path.Combine(dataDir, SqliteUsageLedger.FileName);
        if (!File.Exists(path))
        {
            errors.WriteLine($"sagebrush {command}: nothing metered yet: {path} does not exist (has a server run with this --data-dir?).");
            return null;
        }

        return SqliteUsageLedger.OpenReadOnly(path, TimeProvider.System);
    }
}
