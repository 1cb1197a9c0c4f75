using System.Globalization;

namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>
/// The table <c>sagebrush endpoints</c> prints: one row per endpoint variant with its status, instances and the
/// invocation metrics of the last minutes (invocations, 4xx and 5xx errors, model and overhead latency average and
/// p99). Endpoints that have metrics in the window but no longer exist are listed with status "-".
/// </summary>
public static class EndpointsReport
{
    private static readonly string[] Header =
        ["ENDPOINT", "STATUS", "VARIANT", "INSTANCES", "INVOCATIONS", "4XX", "5XX", "MODEL AVG", "MODEL P99", "OVERHEAD AVG", "OVERHEAD P99"];

    // Names and statuses are left-aligned; numbers are right-aligned so their digits line up.
    private static readonly bool[] RightAligned = [false, false, false, true, true, true, true, true, true, true, true];

    public static async Task WriteAsync(
        TextWriter output, IReadOnlyList<EndpointOverview> endpoints, IEndpointMetrics? metrics, DateTimeOffset now, int minutes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentOutOfRangeException.ThrowIfLessThan(minutes, 1);

        // The window is the current minute and the minutes before it, so one period covers it exactly.
        var end = DateTimeOffset.FromUnixTimeSeconds(SqliteEndpointMetricStore.MinuteOf(now)).AddMinutes(1);
        var start = end.AddMinutes(-minutes);
        var rows = new List<string[]>();
        var listed = new HashSet<EndpointVariant>(VariantComparer.Instance);
        foreach (var endpoint in endpoints)
        {
            var variants = endpoint.Variants.Count > 0 ? endpoint.Variants : [new VariantOverview("-", null, null)];
            foreach (var variant in variants)
            {
                listed.Add(new EndpointVariant(endpoint.EndpointName, variant.VariantName));
                rows.Add(await RowAsync(metrics, endpoint.EndpointName, endpoint.EndpointStatus, variant.VariantName, variant.CurrentInstanceCount, start, end, cancellationToken));
            }
        }

        if (metrics is not null)
        {
            foreach (var gone in await metrics.ListVariantsAsync(start, end, cancellationToken))
            {
                if (listed.Add(gone))
                {
                    rows.Add(await RowAsync(metrics, gone.EndpointName, "-", gone.VariantName, null, start, end, cancellationToken));
                }
            }
        }

        if (rows.Count == 0)
        {
            await output.WriteLineAsync("No endpoints.");
            return;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Invocation metrics for the last {minutes} minute{(minutes == 1 ? "" : "s")} ({start:HH:mm}-{end:HH:mm} UTC); latencies in milliseconds."));
        await output.WriteLineAsync();
        await WriteTableAsync(output, [Header, .. rows]);
    }

    private static async Task<string[]> RowAsync(
        IEndpointMetrics? metrics, string endpoint, string status, string variant, int? instances,
        DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        async Task<double?> Get(string metric, string statistic)
        {
            if (metrics is null || variant == "-")
            {
                return null;
            }

            var points = await metrics.GetStatisticsAsync(
                new EndpointMetricQuery(endpoint, variant, metric, statistic, start, end, end - start), cancellationToken);
            return points.Count == 0 ? null : points[0].Value;
        }

        var invocations = await Get(EndpointMetricNames.Invocations, MetricStatistic.Sum);
        return
        [
            endpoint,
            status,
            variant,
            instances?.ToString(CultureInfo.InvariantCulture) ?? "-",
            Count(invocations ?? 0),
            Count(invocations is null ? 0 : await Get(EndpointMetricNames.Invocation4XXErrors, MetricStatistic.Sum) ?? 0),
            Count(invocations is null ? 0 : await Get(EndpointMetricNames.Invocation5XXErrors, MetricStatistic.Sum) ?? 0),
            Milliseconds(await Get(EndpointMetricNames.ModelLatency, MetricStatistic.Average)),
            Milliseconds(await Get(EndpointMetricNames.ModelLatency, "p99")),
            Milliseconds(await Get(EndpointMetricNames.OverheadLatency, MetricStatistic.Average)),
            Milliseconds(await Get(EndpointMetricNames.OverheadLatency, "p99")),
        ];
    }

    private static string Count(double value) => Math.Round(value).ToString("0", CultureInfo.InvariantCulture);

    private static string Milliseconds(double? microseconds) =>
        microseconds is { } value && !double.IsNaN(value) ? (value / 1000).ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static async Task WriteTableAsync(TextWriter output, IReadOnlyList<string[]> rows)
    {
        var widths = Enumerable.Range(0, Header.Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, column) => RightAligned[column] ? cell.PadLeft(widths[column]) : cell.PadRight(widths[column]));
            await output.WriteLineAsync(string.Join("  ", cells).TrimEnd());
        }
    }

    private sealed class VariantComparer : IEqualityComparer<EndpointVariant>
    {
        public static readonly VariantComparer Instance = new();

        public bool Equals(EndpointVariant? x, EndpointVariant? y) =>
            x is not null && y is not null
            && string.Equals(x.EndpointName, y.EndpointName, StringComparison.OrdinalIgnoreCase)
            && string.Equals(x.VariantName, y.VariantName, StringComparison.Ordinal);

        public int GetHashCode(EndpointVariant obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.EndpointName), obj.VariantName);
    }
}
