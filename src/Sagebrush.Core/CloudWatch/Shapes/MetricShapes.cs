namespace Sagebrush.Core.CloudWatch.Shapes;

// CloudWatch's metric shapes as AWS names them (botocore's monitoring 2010-08-01 model). The JSON 1.0 protocol reads
// and writes them as they are; the query protocol's mapper builds them from form fields and writes them as XML.
#pragma warning disable CA1002, CA2227 // wire shapes: mutable lists and setters are what the serializer needs

public sealed class Dimension
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}

public sealed class DimensionFilter
{
    public string? Name { get; set; }

    public string? Value { get; set; }
}

public sealed class StatisticSet
{
    public double? SampleCount { get; set; }

    public double? Sum { get; set; }

    public double? Minimum { get; set; }

    public double? Maximum { get; set; }
}

public sealed class MetricDatum
{
    public string? MetricName { get; set; }

    public List<Dimension>? Dimensions { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public double? Value { get; set; }

    public StatisticSet? StatisticValues { get; set; }

    public List<double>? Values { get; set; }

    public List<double>? Counts { get; set; }

    public string? Unit { get; set; }

    public int? StorageResolution { get; set; }
}

public sealed class PutMetricDataRequest
{
    public string? Namespace { get; set; }

    public List<MetricDatum>? MetricData { get; set; }
}

public sealed class GetMetricStatisticsRequest
{
    public string? Namespace { get; set; }

    public string? MetricName { get; set; }

    public List<Dimension>? Dimensions { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    public int? Period { get; set; }

    public List<string>? Statistics { get; set; }

    public List<string>? ExtendedStatistics { get; set; }

    public string? Unit { get; set; }
}

public sealed class Datapoint
{
    public DateTimeOffset Timestamp { get; set; }

    public double? SampleCount { get; set; }

    public double? Average { get; set; }

    public double? Sum { get; set; }

    public double? Minimum { get; set; }

    public double? Maximum { get; set; }

    public string? Unit { get; set; }

    public Dictionary<string, double>? ExtendedStatistics { get; set; }
}

public sealed class GetMetricStatisticsResponse
{
    public string? Label { get; set; }

    public List<Datapoint> Datapoints { get; set; } = [];
}

public sealed class ListMetricsRequest
{
    public string? Namespace { get; set; }

    public string? MetricName { get; set; }

    public List<DimensionFilter>? Dimensions { get; set; }

    public string? NextToken { get; set; }
}

public sealed class Metric
{
    public string? Namespace { get; set; }

    public string? MetricName { get; set; }

    public List<Dimension>? Dimensions { get; set; }
}

public sealed class ListMetricsResponse
{
    public List<Metric> Metrics { get; set; } = [];

    public string? NextToken { get; set; }
}

public sealed class MetricStat
{
    public Metric? Metric { get; set; }

    public int? Period { get; set; }

    public string? Stat { get; set; }

    public string? Unit { get; set; }
}

public sealed class MetricDataQuery
{
    public string? Id { get; set; }

    public MetricStat? MetricStat { get; set; }

    public string? Expression { get; set; }

    public string? Label { get; set; }

    public bool? ReturnData { get; set; }

    public int? Period { get; set; }

    public string? AccountId { get; set; }
}

public sealed class GetMetricDataRequest
{
    public List<MetricDataQuery>? MetricDataQueries { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    public string? NextToken { get; set; }

    public string? ScanBy { get; set; }

    public int? MaxDatapoints { get; set; }
}

public sealed class MetricDataResult
{
    public string? Id { get; set; }

    public string? Label { get; set; }

    public List<DateTimeOffset> Timestamps { get; set; } = [];

    public List<double> Values { get; set; } = [];

    public string StatusCode { get; set; } = "Complete";
}

public sealed class MessageData
{
    public string? Code { get; set; }

    public string? Value { get; set; }
}

public sealed class GetMetricDataResponse
{
    public List<MetricDataResult> MetricDataResults { get; set; } = [];

    public List<MessageData> Messages { get; set; } = [];

    public string? NextToken { get; set; }
}
