using Sagebrush.Core.CloudWatch.Shapes;
using Sagebrush.Core.CloudWatch.Store;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Metrics;
using Sagebrush.Core.Training;

namespace Sagebrush.Core.CloudWatch;

/// <summary>
/// CloudWatch's metric operations over what Sagebrush records: the <c>AWS/SageMaker</c> invocation metrics of every
/// endpoint variant (<see cref="IEndpointMetrics"/>, per minute, with percentiles), training jobs' metrics in
/// <c>/aws/sagemaker/TrainingJobs</c> (each MetricDefinitions match from <see cref="IMetricHistory"/>, dimension
/// <c>Host</c> = <c>&lt;job&gt;/algo-1</c>, as SageMaker publishes them), and everything else in <see cref="IMetricStore"/>
/// (custom metrics from PutMetricData, endpoint instances' utilization). A metric nothing recorded answers no
/// datapoints, as CloudWatch does.
/// Not supported: metric math in GetMetricData, cross-account queries, ListMetrics paging (every match in one page).
/// </summary>
public sealed class CloudWatchMetrics(IEndpointMetrics endpoints, IMetricStore store, IMetricHistory training, AccountSettings account, TimeProvider time)
{
    public const string TrainingNamespace = "/aws/sagemaker/TrainingJobs";
    public const string HostDimension = "Host";

    private static readonly string[] Statistics = [MetricStatistic.SampleCount, MetricStatistic.Average, MetricStatistic.Sum, MetricStatistic.Minimum, MetricStatistic.Maximum];

    public async Task<IReadOnlyList<StatisticsDatapoint>> GetStatisticsAsync(MetricStatisticsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Check(request);
        var rows = request.Namespace switch
        {
            EndpointMetricNames.Namespace => null,
            TrainingNamespace => await TrainingRowsAsync(request, cancellationToken),
            _ => await store.QueryAsync(new MetricKey(request.Namespace, request.MetricName, request.Dimensions), request.StartTime, request.EndTime, cancellationToken),
        };
        var points = rows is null
            ? await EndpointStatisticsAsync(request, cancellationToken)
            : PeriodAggregator.Aggregate(rows, TimeSpan.FromSeconds(request.Period), request.Statistics, request.ExtendedStatistics);
        return [.. points.Where(p => request.Unit is null || p.Unit == request.Unit)];
    }

    /// <summary>GetMetricStatistics as the wire shapes have it (both protocols map onto this).</summary>
    public async Task<GetMetricStatisticsResponse> GetStatisticsAsync(GetMetricStatisticsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var metricName = request.MetricName ?? throw new AwsException("MissingParameter", "The parameter MetricName is required.");
        var points = await GetStatisticsAsync(
            new MetricStatisticsRequest(
                request.Namespace ?? throw new AwsException("MissingParameter", "The parameter Namespace is required."),
                metricName,
                DimensionsOf(request.Dimensions),
                request.StartTime ?? throw new AwsException("MissingParameter", "The parameter StartTime is required."),
                request.EndTime ?? throw new AwsException("MissingParameter", "The parameter EndTime is required."),
                request.Period ?? throw new AwsException("MissingParameter", "The parameter Period is required."),
                request.Statistics ?? [],
                request.ExtendedStatistics ?? [],
                request.Unit),
            cancellationToken);
        return new GetMetricStatisticsResponse
        {
            Label = metricName,
            Datapoints = [.. points.Select(p => new Datapoint
            {
                Timestamp = p.Timestamp,
                SampleCount = p.Statistics.TryGetValue(MetricStatistic.SampleCount, out var count) ? count : null,
                Average = p.Statistics.TryGetValue(MetricStatistic.Average, out var average) ? average : null,
                Sum = p.Statistics.TryGetValue(MetricStatistic.Sum, out var sum) ? sum : null,
                Minimum = p.Statistics.TryGetValue(MetricStatistic.Minimum, out var min) ? min : null,
                Maximum = p.Statistics.TryGetValue(MetricStatistic.Maximum, out var max) ? max : null,
                Unit = p.Unit,
                ExtendedStatistics = p.ExtendedStatistics.Count == 0 ? null : new Dictionary<string, double>(p.ExtendedStatistics, StringComparer.Ordinal),
            })],
        };
    }

    /// <summary>ListMetrics as the wire shapes have it.</summary>
    public async Task<ListMetricsResponse> ListAsync(ListMetricsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filters = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var filter in request.Dimensions ?? [])
        {
            filters[filter.Name ?? throw new AwsException("MissingParameter", "The parameter Dimensions.member.Name is required.")] = filter.Value;
        }

        var listed = await ListAsync(request.Namespace, request.MetricName, filters, cancellationToken);
        return new ListMetricsResponse
        {
            Metrics = [.. listed.Select(m => new Metric
            {
                Namespace = m.Namespace,
                MetricName = m.MetricName,
                Dimensions = [.. m.Dimensions.Select(d => new Dimension { Name = d.Key, Value = d.Value })],
            })],
        };
    }

    /// <summary>PutMetricData: custom metrics into the store, checked as CloudWatch checks them.</summary>
    public async Task PutAsync(PutMetricDataRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var (key, rows) in MetricDataCheck.Rows(request, time.GetUtcNow()))
        {
            await store.PutAsync(key, rows, cancellationToken);
        }
    }

    /// <summary>The metrics with data in the last two weeks (CloudWatch's window for ListMetrics), filtered as asked.</summary>
    public async Task<IReadOnlyList<MetricIdentity>> ListAsync(string? metricNamespace, string? metricName, IReadOnlyDictionary<string, string?> dimensions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        var now = time.GetUtcNow();
        var metrics = new List<MetricIdentity>();
        if (metricNamespace is null or EndpointMetricNames.Namespace)
        {
            foreach (var variant in await endpoints.ListVariantsAsync(now.AddDays(-14), now.AddMinutes(1), cancellationToken))
            {
                var values = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [EndpointMetricNames.EndpointNameDimension] = variant.EndpointName,
                    [EndpointMetricNames.VariantNameDimension] = variant.VariantName,
                };
                metrics.AddRange(EndpointMetricNames.All.Select(name => new MetricIdentity(EndpointMetricNames.Namespace, name, [.. values])));
            }
        }

        if (metricNamespace is null or TrainingNamespace)
        {
            foreach (var (jobArn, name) in await training.ListAsync(now.AddDays(-14), cancellationToken))
            {
                metrics.Add(new MetricIdentity(TrainingNamespace, name, [new(HostDimension, $"{jobArn[(jobArn.IndexOf('/', StringComparison.Ordinal) + 1)..]}/algo-1")]));
            }
        }

        if (metricNamespace is not (EndpointMetricNames.Namespace or TrainingNamespace))
        {
            metrics.AddRange((await store.ListAsync(metricNamespace, now.AddDays(-14), cancellationToken))
                .Select(k => new MetricIdentity(k.Namespace, k.MetricName, [.. k.Dimensions.OrderBy(d => d.Key, StringComparer.Ordinal)])));
        }

        return [.. metrics.Where(m =>
            (metricName is null || m.MetricName == metricName)
            && dimensions.All(d => m.Dimensions.Any(md => md.Key == d.Key && (d.Value is null || md.Value == d.Value))))];
    }

    /// <summary>GetMetricData's MetricStat queries (metric math is refused), each answered from GetStatisticsAsync.</summary>
    public async Task<GetMetricDataResponse> GetDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queries = request.MetricDataQueries is { Count: > 0 } q ? q : throw new AwsException("MissingParameter", "The parameter MetricDataQueries is required.");
        var start = request.StartTime ?? throw new AwsException("MissingParameter", "The parameter StartTime is required.");
        var end = request.EndTime ?? throw new AwsException("MissingParameter", "The parameter EndTime is required.");
        if (queries.Count > 500)
        {
            throw new AwsException("InvalidParameterValue", "The collection MetricDataQueries must not have a size greater than 500.");
        }

        var descending = (request.ScanBy ?? "TimestampDescending") switch
        {
            "TimestampDescending" => true,
            "TimestampAscending" => false,
            var other => throw new AwsException("InvalidParameterValue", $"The value {other} for parameter ScanBy is invalid: use TimestampDescending or TimestampAscending."),
        };
        var response = new GetMetricDataResponse();
        foreach (var query in queries)
        {
            var id = query.Id ?? throw new AwsException("MissingParameter", "The parameter MetricDataQueries.member.Id is required.");
            if (query.Expression is not null)
            {
                throw new AwsException("InvalidParameterValue", $"The query {id} has an Expression: Sagebrush does not evaluate metric math. Use a MetricStat query.");
            }

            var stat = query.MetricStat ?? throw new AwsException("InvalidParameterValue", $"The query {id} must have a MetricStat or an Expression.");
            var metric = stat.Metric ?? throw new AwsException("MissingParameter", $"The parameter MetricStat.Metric of query {id} is required.");
            var statistic = stat.Stat ?? throw new AwsException("MissingParameter", $"The parameter MetricStat.Stat of query {id} is required.");
            var percentile = statistic.StartsWith('p');
            var points = await GetStatisticsAsync(
                new MetricStatisticsRequest(
                    metric.Namespace ?? throw new AwsException("MissingParameter", $"The parameter MetricStat.Metric.Namespace of query {id} is required."),
                    metric.MetricName ?? throw new AwsException("MissingParameter", $"The parameter MetricStat.Metric.MetricName of query {id} is required."),
                    DimensionsOf(metric.Dimensions),
                    start,
                    end,
                    stat.Period ?? throw new AwsException("MissingParameter", $"The parameter MetricStat.Period of query {id} is required."),
                    percentile ? [] : [statistic],
                    percentile ? [statistic] : [],
                    stat.Unit),
                cancellationToken);
            if (query.ReturnData == false)
            {
                continue;
            }

            var values = points
                .Select(p => (p.Timestamp, Value: percentile ? p.ExtendedStatistics.GetValueOrDefault(statistic, double.NaN) : p.Statistics[statistic]))
                .Where(p => double.IsFinite(p.Value));
            var ordered = (descending ? values.OrderByDescending(p => p.Timestamp) : values.OrderBy(p => p.Timestamp)).Take(request.MaxDatapoints ?? 100_800).ToList();
            response.MetricDataResults.Add(new MetricDataResult
            {
                Id = id,
                Label = query.Label ?? metric.MetricName,
                Timestamps = [.. ordered.Select(p => p.Timestamp)],
                Values = [.. ordered.Select(p => p.Value)],
            });
        }

        return response;
    }

    /// <summary>Dimensions as a name-to-value map; a name given twice is InvalidParameterValue.</summary>
    public static IReadOnlyDictionary<string, string> DimensionsOf(IReadOnlyList<Dimension>? dimensions)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dimension in dimensions ?? [])
        {
            var name = dimension.Name ?? throw new AwsException("MissingParameter", "The parameter Dimensions.member.Name is required.");
            if (!map.TryAdd(name, dimension.Value ?? throw new AwsException("MissingParameter", "The parameter Dimensions.member.Value is required.")))
            {
                throw new AwsException("InvalidParameterValue", $"The dimension {name} is given more than once.");
            }
        }

        return map;
    }

    /// <summary>
    /// A training job's samples of one metric, as single values: the job from the Host dimension (<c>&lt;job&gt;/algo-N</c>;
    /// every host's lines are one history here, published under each host).
    /// </summary>
    private async Task<IReadOnlyList<MetricSampleRow>> TrainingRowsAsync(MetricStatisticsRequest request, CancellationToken cancellationToken)
    {
        if (request.Dimensions.Count != 1 || !request.Dimensions.TryGetValue(HostDimension, out var host))
        {
            return [];
        }

        var slash = host.LastIndexOf("/algo-", StringComparison.Ordinal);
        if (slash <= 0)
        {
            return [];
        }

        var jobArn = Arn.SageMaker(account, "training-job", host[..slash]);
        return [.. (await training.GetAsync(jobArn, cancellationToken))
            .Where(s => s.MetricName == request.MetricName && s.Timestamp >= request.StartTime && s.Timestamp < request.EndTime)
            .Select(s => new MetricSampleRow(s.Timestamp, 1, s.Value, s.Value, s.Value, s.Value, "None"))];
    }

    private async Task<IReadOnlyList<StatisticsDatapoint>> EndpointStatisticsAsync(MetricStatisticsRequest request, CancellationToken cancellationToken)
    {
        if (request.Period % 60 != 0)
        {
            throw new AwsException("InvalidParameterValue", $"The parameter Period must be a multiple of 60 for AWS/SageMaker's endpoint metrics (Sagebrush keeps them per minute), not {request.Period}.");
        }

        if (!EndpointMetricNames.All.Contains(request.MetricName)
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

        return [.. points.Select(p => new StatisticsDatapoint(p.Key, p.Value.Plain, p.Value.Extended, p.Value.Unit))];
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

        // CloudWatch's rule: 1, 5, 10, 30 (high-resolution metrics) or a multiple of 60 seconds.
        if (request.Period is not (1 or 5 or 10 or 30) && (request.Period < 60 || request.Period % 60 != 0))
        {
            throw new AwsException("InvalidParameterValue", $"The parameter Period must be 1, 5, 10, 30 or a multiple of 60, not {request.Period}.");
        }

        if (request.EndTime <= request.StartTime)
        {
            throw new AwsException("InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime.");
        }
    }
}
