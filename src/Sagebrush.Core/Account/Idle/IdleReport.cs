using System.Globalization;
using Sagebrush.Core.Account.Billing;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Account.Idle;

/// <summary>
/// <c>sagebrush idle</c>'s text: what holds instances now (an open stretch in the usage ledger) and has been unused for
/// at least the given minutes, with what it costs per hour. An endpoint is unused since its last invocation (or since
/// its instances started, when later); running jobs are working, so they are never idle.
/// </summary>
public static class IdleReport
{
    public static async Task<int> WriteAsync(
        TextWriter output,
        IReadOnlyList<UsageRecord> records,
        Func<string, Task<DateTimeOffset?>> lastInvoked,
        DateTimeOffset now,
        int minutes)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(lastInvoked);
        var idle = new List<(string Name, string Type, int Instances, double IdleMinutes, decimal Hourly)>();
        foreach (var endpoint in records.Where(r => r.Ended is null && r.Usage == InstanceUsage.Hosting).GroupBy(r => r.ResourceArn))
        {
            var name = endpoint.First().ResourceName;
            var since = endpoint.Min(r => r.Started);
            if (await lastInvoked(name) is { } last && last > since)
            {
                since = last;
            }

            var idleFor = (now - since).TotalMinutes;
            if (idleFor >= minutes)
            {
                var hourly = endpoint.Sum(r => (InstanceCatalogue.Find(r.InstanceType)?.HourlyPrice(r.Usage) ?? 0m) * r.InstanceCount);
                idle.Add(($"endpoint/{name}", string.Join(",", endpoint.Select(r => r.InstanceType).Distinct()), endpoint.Sum(r => r.InstanceCount), idleFor, hourly));
            }
        }

        if (idle.Count == 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Nothing running has been unused for {minutes} minutes or more."));
            return 0;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{"RESOURCE",-48} {"TYPE",-16} {"INSTANCES",9} {"IDLE (MIN)",10} {"USD/HOUR",9}"));
        foreach (var (name, type, instances, idleMinutes, hourly) in idle.OrderByDescending(i => i.Hourly))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name,-48} {type,-16} {instances,9} {idleMinutes,10:F0} {hourly,9:F4}"));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"idle total: {idle.Sum(i => i.Hourly):F4} USD per hour. The server scales idle endpoints to zero after HostingOptions.EndpointIdleTimeout or the tag sagebrush:idle-minutes."));
        return idle.Count;
    }
}
