namespace Sagebrush.Core.CloudWatch.Shapes;

// CloudWatch's metric-alarm shapes as AWS names them (botocore's monitoring 2010-08-01 model).
#pragma warning disable CA1002, CA2227 // wire shapes: mutable lists and setters are what the serializer needs

public sealed class PutMetricAlarmRequest
{
    public string? AlarmName { get; set; }

    public string? AlarmDescription { get; set; }

    public bool? ActionsEnabled { get; set; }

    public List<string>? OKActions { get; set; }

    public List<string>? AlarmActions { get; set; }

    public List<string>? InsufficientDataActions { get; set; }

    public string? MetricName { get; set; }

    public string? Namespace { get; set; }

    public string? Statistic { get; set; }

    public string? ExtendedStatistic { get; set; }

    public List<Dimension>? Dimensions { get; set; }

    public int? Period { get; set; }

    public string? Unit { get; set; }

    public int? EvaluationPeriods { get; set; }

    public int? DatapointsToAlarm { get; set; }

    public double? Threshold { get; set; }

    public string? ComparisonOperator { get; set; }

    public string? TreatMissingData { get; set; }

    public List<MetricDataQuery>? Metrics { get; set; }
}

public sealed class MetricAlarm
{
    public string? AlarmName { get; set; }

    public string? AlarmArn { get; set; }

    public string? AlarmDescription { get; set; }

    public DateTimeOffset? AlarmConfigurationUpdatedTimestamp { get; set; }

    public bool ActionsEnabled { get; set; } = true;

    public List<string> OKActions { get; set; } = [];

    public List<string> AlarmActions { get; set; } = [];

    public List<string> InsufficientDataActions { get; set; } = [];

    public string StateValue { get; set; } = AlarmStates.InsufficientData;

    public string? StateReason { get; set; }

    public string? StateReasonData { get; set; }

    public DateTimeOffset? StateUpdatedTimestamp { get; set; }

    public DateTimeOffset? StateTransitionedTimestamp { get; set; }

    public string? MetricName { get; set; }

    public string? Namespace { get; set; }

    public string? Statistic { get; set; }

    public string? ExtendedStatistic { get; set; }

    public List<Dimension> Dimensions { get; set; } = [];

    public int Period { get; set; }

    public string? Unit { get; set; }

    public int EvaluationPeriods { get; set; }

    public int? DatapointsToAlarm { get; set; }

    public double Threshold { get; set; }

    public string? ComparisonOperator { get; set; }

    public string TreatMissingData { get; set; } = "missing";
}

public sealed class DescribeAlarmsRequest
{
    public List<string>? AlarmNames { get; set; }

    public string? AlarmNamePrefix { get; set; }

    public List<string>? AlarmTypes { get; set; }

    public string? StateValue { get; set; }

    public string? ActionPrefix { get; set; }

    public int? MaxRecords { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DescribeAlarmsResponse
{
    public List<MetricAlarm> MetricAlarms { get; set; } = [];

    public List<MetricAlarm> CompositeAlarms { get; set; } = [];

    public string? NextToken { get; set; }
}

public sealed class DeleteAlarmsRequest
{
    public List<string>? AlarmNames { get; set; }
}

public sealed class SetAlarmStateRequest
{
    public string? AlarmName { get; set; }

    public string? StateValue { get; set; }

    public string? StateReason { get; set; }

    public string? StateReasonData { get; set; }
}

public sealed class EmptyResult;

/// <summary>An alarm's three states, spelled as CloudWatch spells them.</summary>
public static class AlarmStates
{
    public const string Ok = "OK";
    public const string Alarm = "ALARM";
    public const string InsufficientData = "INSUFFICIENT_DATA";

    public static bool IsValid(string? state) => state is Ok or Alarm or InsufficientData;
}
