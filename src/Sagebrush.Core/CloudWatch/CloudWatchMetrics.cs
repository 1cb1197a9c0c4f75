using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Metrics;

namespace Sagebrush.Core.CloudWatch;

/// <summary>
/// CloudWatch's GetMetricStatistics and ListMetrics over what Sagebrush records: the <c>AWS/SageMaker</c> invocation
/// metrics of every endpoint variant (<see cref="IEndpointMetrics"/>, per minute, with percentiles). A metric nothing
/// recorded answers no datapoints, as CloudWatch does.
/// Not supported yet: PutMetricData (custom metrics), GetMetricData, alarms, the per-instance CPU/memory/disk
/// metrics, training job metrics in <c>/aws/sagemaker/TrainingJobs</c>, periods shorter than a minute.
/// </summary>
public sealed class CloudWatchMetrics(IEndpointMetrics endpoints, TimeProvider time)
{
    private static readonly string[] Statistics = [MetricStatistic.SampleCount, MetricStatistic.Average, MetricStatistic.Sum, MetricStatistic.Minimum, MetricStatistic.Maximum];

    public async Task<IReadOnlyList<StatisticsDatapoint>> GetStatisticsAsync(MetricStatisticsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Check(request);
        if (request.Namespace != EndpointMetricNames.Namespace
            || !EndpointMetricNames.All.Contains(request.MetricName)
            || request.Dimensions.Count != 2
            || !request.Dimensions.TryGetValue(EndpointMetricNames.EndpointNameDimension, out var endpoint)
            || !request.Dimensions.TryGetValue(EndpointMetricNames.VariantNameDimension, out var variant))
        {
            return [];
        }

        var points = new SortedDictionary<DateTimeOffset, (Dictionary<string, double> Plain, Dictionary<string, double> Extended, string Unit)>();
        foreach (var (statistic, extended) in request.Statistics.Select(s => (s, false)).Concat(request.ExtendedStatistics.Select(s => (s, true))))
        {
            var query = new EndpointMetricQuery(endpoint, variant, request.MetricName, statistic, request.StartTime, request.EndTime, TimeSpan.FromSeconds(request.Period));
            foreach (var point in await endpoints.GetStatisticsAsync(query, cancellationToken))
            {
                if (!points.TryGetValue(point.Timestamp, out var entry))
                {
                    entry = points[point.Timestamp] = (new Dictionary<string, double>(StringComparer.Ordinal), new Dictionary<string, double>(StringComparer.Ordinal), point.Unit);
                }

                (extended ? entry.Extended : entry.Plain)[statistic] = point.Value;
            }
        }

        return [.. points
            .Where(p => request.Unit is null || p.Value.Unit == request.Unit)
            .Select(p => new StatisticsDatapoint(p.Key, p.Value.Plain, p.Value.Extended, p.Value.Unit))];
    }

    /// <summary>The metrics with data in the last two weeks (CloudWatch's window for ListMetrics), filtered as asked.</summary>
    public async Task<IReadOnlyList<MetricIdentity>> ListAsync(string? metricNamespace, string? metricName, IReadOnlyDictionary<string, string?> dimensions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        if (metricNamespace is not null && metricNamespace != EndpointMetricNames.Namespace)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var metrics = new List<MetricIdentity>();
        foreach (var variant in await endpoints.ListVariantsAsync(now.AddDays(-14), now.AddMinutes(1), cancellationToken))
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [EndpointMetricNames.EndpointNameDimension] = variant.EndpointName,
                [EndpointMetricNames.VariantNameDimension] = variant.VariantName,
            };
            if (dimensions.Any(d => !values.TryGetValue(d.Key, out var value) || (d.Value is not null && d.Value != value)))
            {
                continue;
            }

            metrics.AddRange(EndpointMetricNames.All
                .Where(name => metricName is null || name == metricName)
                .Select(name => new MetricIdentity(EndpointMetricNames.Namespace, name, [.. values])));
        }

        return metrics;
    }

    private static void Check(MetricStatisticsRequest request)
    {
        if (request.Statistics.Count + request.ExtendedStatistics.Count == 0)
        {
            throw new AwsException("MissingParameter", "The parameter Statistics or ExtendedStatistics is required.");
        }

        if (request.Statistics.Count > 0 && request.ExtendedStatistics.Count > 0)
        {
            throw new AwsException("InvalidParameterCombination", "The parameters Statistics and ExtendedStatistics are mutually exclusive.");
        }

        foreach (var statistic in request.Statistics.Where(s => !Statistics.Contains(s)))
        {
            throw new AwsException("InvalidParameterValue", $"The parameter Statistics.member contains an invalid value: {statistic}.");
        }

        foreach (var statistic in request.ExtendedStatistics)
        {
            try
            {
                if (MetricStatistic.Parse(statistic).Percentile is null)
                {
                    throw new ArgumentException(statistic);
                }
            }
            catch (ArgumentException)
            {
                throw new AwsException("InvalidParameterValue", $"The value {statistic} for parameter ExtendedStatistics is not supported: use a percentile such as p99.");
            }
        }

        if (request.Period < 60 || request.Period % 60 != 0)
        {
            throw new AwsException("InvalidParameterValue", $"The parameter Period must be a multiple of 60 here (Sagebrush keeps metrics per minute), not {request.Period}.");
        }

        if (request.EndTime <= request.StartTime)
        {
            throw new AwsException("InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.");
        }
    }
}
