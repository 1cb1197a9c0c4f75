namespace Sagebrush.Core.Account.Billing.Shapes;

// Cost Explorer's GetCostAndUsage shapes (AWSInsightsIndexService) as AWS names them.
public sealed record DateInterval(string? Start = null, string? End = null);

public sealed record GroupDefinition(string? Type = null, string? Key = null);

public sealed record DimensionValues(string? Key = null, IReadOnlyList<string>? Values = null);

public sealed record TagValues(string? Key = null, IReadOnlyList<string>? Values = null);

public sealed record Expression
{
    public IReadOnlyList<Expression>? And { get; init; }

    public IReadOnlyList<Expression>? Or { get; init; }

    public Expression? Not { get; init; }

    public DimensionValues? Dimensions { get; init; }

    public TagValues? Tags { get; init; }

    public object? CostCategories { get; init; }
}

public sealed record GetCostAndUsageRequest
{
    public DateInterval? TimePeriod { get; init; }

    public string? Granularity { get; init; }

    public Expression? Filter { get; init; }

    public IReadOnlyList<string>? Metrics { get; init; }

    public IReadOnlyList<GroupDefinition>? GroupBy { get; init; }

    public string? NextPageToken { get; init; }
}

public sealed record MetricValue(string Amount, string Unit);

public sealed record CostGroup(IReadOnlyList<string> Keys, IReadOnlyDictionary<string, MetricValue> Metrics);

public sealed record ResultByTime(DateInterval TimePeriod, IReadOnlyDictionary<string, MetricValue> Total, IReadOnlyList<CostGroup> Groups, bool Estimated);

public sealed record GetCostAndUsageResponse(IReadOnlyList<GroupDefinition> GroupDefinitions, IReadOnlyList<ResultByTime> ResultsByTime, IReadOnlyList<object> DimensionValueAttributes);
