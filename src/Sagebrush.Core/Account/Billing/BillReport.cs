using System.Globalization;

namespace Sagebrush.Core.Account.Billing;

/// <summary>
/// <c>sagebrush bill</c>'s text: what held instances in a window, for how long, and what SageMaker would have
/// charged for it at the catalogue's on-demand prices; then totals per day (UTC) and per tag.
/// </summary>
public static class BillReport
{
    public static async Task WriteAsync(TextWriter output, IReadOnlyList<UsageRecord> records, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(records);
        await output.WriteLineAsync(Invariant($"Usage from {from:yyyy-MM-dd HH:mm} to {to:yyyy-MM-dd HH:mm} UTC, priced per second at SageMaker's on-demand prices in us-east-1 (docs/account.md)."));
        if (records.Count == 0)
        {
            await output.WriteLineAsync("Nothing held instances in this window.");
            return;
        }

        await output.WriteLineAsync(Invariant($"{"RESOURCE",-48} {"USE",-10} {"TYPE",-16} {"STARTED (UTC)",-19} {"INSTANCE-SECONDS",16} {"COST (USD)",12}"));
        var lines = records
            .GroupBy(r => (r.ResourceArn, r.Usage, r.InstanceType))
            .Select(g => (g.Key, Started: g.Min(r => r.Started), Running: g.Any(r => r.Ended is null), Seconds: g.Sum(r => r.InstanceSeconds(from, to, now)), Cost: g.Sum(r => r.Cost(r.InstanceSeconds(from, to, now)))))
            .OrderBy(l => l.Started);
        foreach (var line in lines)
        {
            var resource = records.First(r => r.ResourceArn == line.Key.ResourceArn);
            var name = $"{resource.ResourceType}/{resource.ResourceName}{(line.Running ? " (running)" : string.Empty)}";
            await output.WriteLineAsync(Invariant($"{name,-48} {line.Key.Usage,-10} {line.Key.InstanceType,-16} {line.Started:yyyy-MM-dd HH:mm:ss} {line.Seconds,16:F1} {line.Cost,12:F6}"));
        }

        await output.WriteLineAsync();
        for (var day = from.UtcDateTime.Date; day < to; day = day.AddDays(1))
        {
            var start = new DateTimeOffset(day, TimeSpan.Zero);
            var end = start.AddDays(1) < to ? start.AddDays(1) : to;
            var cost = records.Sum(r => r.Cost(r.InstanceSeconds(start > from ? start : from, end, now)));
            if (cost > 0)
            {
                await output.WriteLineAsync(Invariant($"day {day:yyyy-MM-dd}: {cost:F6} USD"));
            }
        }

        foreach (var tag in records.SelectMany(r => r.Tags).GroupBy(t => $"{t.Key}={t.Value}").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var cost = records.Where(r => r.Tags.Any(t => $"{t.Key}={t.Value}" == tag.Key)).Sum(r => r.Cost(r.InstanceSeconds(from, to, now)));
            await output.WriteLineAsync(Invariant($"tag {tag.Key}: {cost:F6} USD"));
        }

        await output.WriteLineAsync(Invariant($"total: {records.Sum(r => r.Cost(r.InstanceSeconds(from, to, now))):F6} USD"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
