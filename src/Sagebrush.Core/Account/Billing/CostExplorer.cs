using System.Globalization;
using Sagebrush.Core.Account.Billing.Shapes;
using Sagebrush.Core.Common;

namespace Sagebrush.Core.Account.Billing;

/// <summary>
/// Cost Explorer's GetCostAndUsage over the usage ledger: what SageMaker would have charged, per second, at the
/// catalogue's on-demand prices, in DAILY, MONTHLY or HOURLY periods (UTC), grouped by up to two of SERVICE,
/// USAGE_TYPE, INSTANCE_TYPE, REGION, LINKED_ACCOUNT or a tag.
/// Not supported: services other than SageMaker's instances (storage, data transfer), NormalizedUsageAmount, cost
/// categories, filters other than Dimensions and Tags (alone or under And), paging (every answer is one page).
/// </summary>
public sealed class CostExplorer(SqliteUsageLedger ledger, AccountSettings account, TimeProvider time)
{
    private static readonly string[] CostMetrics = ["UnblendedCost", "BlendedCost", "AmortizedCost", "NetUnblendedCost", "NetAmortizedCost"];
    private static readonly string[] Dimensions = ["SERVICE", "USAGE_TYPE", "INSTANCE_TYPE", "REGION", "LINKED_ACCOUNT"];

    public async Task<GetCostAndUsageResponse> GetCostAndUsageAsync(GetCostAndUsageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (from, to) = Period(request.TimePeriod);
        var granularity = request.Granularity ?? throw Validation("Granularity is required: DAILY, MONTHLY or HOURLY.");
        var metrics = request.Metrics is { Count: > 0 } m ? m : throw Validation("Metrics is required: for example UnblendedCost or UsageQuantity.");
        foreach (var metric in metrics)
        {
            if (metric != "UsageQuantity" && !CostMetrics.Contains(metric))
            {
                throw Validation($"Unsupported metric '{metric}': Sagebrush answers {string.Join(", ", CostMetrics)} and UsageQuantity.");
            }
        }

        var groups = request.GroupBy ?? [];
        if (groups.Count > 2)
        {
            throw Validation("GroupBy takes at most two group definitions.");
        }

        foreach (var group in groups)
        {
            if (!(group.Type == "DIMENSION" && Dimensions.Contains(group.Key)) && !(group.Type == "TAG" && !string.IsNullOrEmpty(group.Key)))
            {
                throw Validation($"Unsupported group definition {group.Type}/{group.Key}: Sagebrush groups by DIMENSION {string.Join(", ", Dimensions)} or by TAG.");
            }
        }

        var now = time.GetUtcNow();
        var records = (await ledger.ReadAsync(from, to, cancellationToken)).Where(r => Matches(request.Filter, r)).ToList();
        var results = new List<ResultByTime>();
        foreach (var (start, end) in Periods(from, to, granularity))
        {
            var rows = records
                .Select(r => (Record: r, Seconds: r.InstanceSeconds(start, end, now)))
                .Where(r => r.Seconds > 0)
                .Select(r => (Keys: groups.Select(g => KeyOf(g, r.Record)).ToList(), r.Record, r.Seconds))
                .ToList();
            var byKeys = groups.Count == 0
                ? []
                : rows.GroupBy(r => string.Join('\u0001', r.Keys))
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new CostGroup(g.First().Keys, Metrics(metrics, g.Select(r => (r.Record, r.Seconds)))))
                    .ToList();
            var total = groups.Count == 0 ? Metrics(metrics, rows.Select(r => (r.Record, r.Seconds))) : new Dictionary<string, MetricValue>();
            results.Add(new ResultByTime(new DateInterval(Format(start, granularity), Format(end, granularity)), total, byKeys, Estimated: end > now));
        }

        return new GetCostAndUsageResponse(groups, results, []);
    }

    private static Dictionary<string, MetricValue> Metrics(IReadOnlyList<string> metrics, IEnumerable<(UsageRecord Record, double Seconds)> rows)
    {
        var list = rows.ToList();
        var cost = list.Sum(r => r.Record.Cost(r.Seconds));
        var hours = list.Sum(r => r.Seconds) / 3600;
        return metrics.Distinct().ToDictionary(
            m => m,
            m => m == "UsageQuantity"
                ? new MetricValue(hours.ToString("0.##########", CultureInfo.InvariantCulture), "Hrs")
                : new MetricValue(decimal.Round(cost, 10).ToString("0.##########", CultureInfo.InvariantCulture), "USD"));
    }

    private string KeyOf(GroupDefinition group, UsageRecord record) => group.Type == "TAG"
        ? $"{group.Key}${record.Tags.FirstOrDefault(t => t.Key == group.Key).Value}"
        : DimensionOf(group.Key!, record);

    private string DimensionOf(string dimension, UsageRecord record) => dimension switch
    {
        "SERVICE" => UsageTypes.ServiceName,
        "USAGE_TYPE" => UsageTypes.Of(account.Region, record.Usage, record.InstanceType),
        "INSTANCE_TYPE" => record.InstanceType,
        "REGION" => account.Region,
        _ => account.AccountId,
    };

    private bool Matches(Expression? filter, UsageRecord record)
    {
        if (filter is null)
        {
            return true;
        }

        if (filter.Or is not null || filter.Not is not null || filter.CostCategories is not null)
        {
            throw Validation("Sagebrush filters by Dimensions and Tags, alone or under And; Or, Not and CostCategories are not supported.");
        }

        if (filter.And is { } all)
        {
            return all.All(e => Matches(e, record));
        }

        if (filter.Dimensions is { Key: { } key } dimension)
        {
            if (!Dimensions.Contains(key))
            {
                throw Validation($"Unsupported dimension '{key}' in Filter: Sagebrush filters by {string.Join(", ", Dimensions)}.");
            }

            return dimension.Values?.Contains(DimensionOf(key, record)) ?? false;
        }

        if (filter.Tags is { Key: { } tag } tags)
        {
            var value = record.Tags.FirstOrDefault(t => t.Key == tag).Value ?? string.Empty;
            return tags.Values?.Contains(value) ?? false;
        }

        throw Validation("A Filter expression needs Dimensions, Tags or And.");
    }

    private static (DateTimeOffset From, DateTimeOffset To) Period(DateInterval? period)
    {
        if (period?.Start is not { } start || period.End is not { } end)
        {
            throw Validation("TimePeriod with Start and End (yyyy-MM-dd) is required.");
        }

        var from = ParseDate(start);
        var to = ParseDate(end);
        return from < to ? (from, to) : throw Validation("Start date (and hour) should be before end date (and hour)");
    }

    private static DateTimeOffset ParseDate(string value)
    {
        string[] formats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss'Z'"];
        return DateTimeOffset.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : throw Validation($"'{value}' is not a date: use yyyy-MM-dd (or yyyy-MM-ddTHH:mm:ssZ for HOURLY).");
    }

    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Periods(DateTimeOffset from, DateTimeOffset to, string granularity)
    {
        Func<DateTimeOffset, DateTimeOffset> next = granularity switch
        {
            "DAILY" => d => new DateTimeOffset(d.Date, TimeSpan.Zero).AddDays(1),
            "MONTHLY" => d => new DateTimeOffset(d.Year, d.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1),
            "HOURLY" => d => new DateTimeOffset(d.Year, d.Month, d.Day, d.Hour, 0, 0, TimeSpan.Zero).AddHours(1),
            _ => throw Validation($"Granularity '{granularity}' is not one of DAILY, MONTHLY, HOURLY."),
        };
        for (var start = from; start < to;)
        {
            var end = next(start) < to ? next(start) : to;
            yield return (start, end);
            start = end;
        }
    }

    private static string Format(DateTimeOffset value, string granularity) =>
        granularity == "HOURLY"
            ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static AwsException Validation(string message) => new("ValidationException", message);
}
