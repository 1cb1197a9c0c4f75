namespace Sagebrush.Core.AutoScaling.Shapes;

// Application Auto Scaling's shapes (AnyScaleFrontendService) as AWS names them.
public sealed record RegisterScalableTargetRequest(
    string? ServiceNamespace = null, string? ResourceId = null, string? ScalableDimension = null,
    int? MinCapacity = null, int? MaxCapacity = null, string? RoleARN = null, SuspendedState? SuspendedState = null);

public sealed record SuspendedState(bool? DynamicScalingInSuspended = null, bool? DynamicScalingOutSuspended = null, bool? ScheduledScalingSuspended = null);

public sealed record ScalableTarget
{
    public required string ServiceNamespace { get; init; }

    public required string ResourceId { get; init; }

    public required string ScalableDimension { get; init; }

    public required int MinCapacity { get; init; }

    public required int MaxCapacity { get; init; }

    public required string RoleARN { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public SuspendedState? SuspendedState { get; init; }
}

public sealed record TargetRequest(string? ServiceNamespace = null, string? ResourceId = null, string? ScalableDimension = null);

public sealed record DescribeScalableTargetsRequest(string? ServiceNamespace = null, IReadOnlyList<string>? ResourceIds = null, string? ScalableDimension = null, int? MaxResults = null, string? NextToken = null);

public sealed record DescribeScalableTargetsResponse(IReadOnlyList<ScalableTarget> ScalableTargets, string? NextToken = null);

public sealed record PredefinedMetricSpecification(string? PredefinedMetricType = null, string? ResourceLabel = null);

public sealed record TargetTrackingScalingPolicyConfiguration
{
    public double? TargetValue { get; init; }

    public PredefinedMetricSpecification? PredefinedMetricSpecification { get; init; }

    public System.Text.Json.JsonElement? CustomizedMetricSpecification { get; init; }

    public int? ScaleOutCooldown { get; init; }

    public int? ScaleInCooldown { get; init; }

    public bool? DisableScaleIn { get; init; }
}

public sealed record PutScalingPolicyRequest
{
    public string? PolicyName { get; init; }

    public string? ServiceNamespace { get; init; }

    public string? ResourceId { get; init; }

    public string? ScalableDimension { get; init; }

    public string? PolicyType { get; init; }

    public StepScalingPolicyConfiguration? StepScalingPolicyConfiguration { get; init; }

    public TargetTrackingScalingPolicyConfiguration? TargetTrackingScalingPolicyConfiguration { get; init; }
}

/// <summary>One step: the adjustment for a breach (metric value minus the alarm's threshold) in [lower, upper); a missing bound is unbounded.</summary>
public sealed record StepAdjustment(double? MetricIntervalLowerBound = null, double? MetricIntervalUpperBound = null, int? ScalingAdjustment = null);

public sealed record StepScalingPolicyConfiguration
{
    public string? AdjustmentType { get; init; }

    public IReadOnlyList<StepAdjustment>? StepAdjustments { get; init; }

    public int? MinAdjustmentMagnitude { get; init; }

    public int? Cooldown { get; init; }

    public string? MetricAggregationType { get; init; }
}

public sealed record Alarm(string AlarmName, string AlarmARN);

public sealed record PutScalingPolicyResponse(string PolicyARN, IReadOnlyList<Alarm> Alarms);

public sealed record ScalingPolicy
{
    public required string PolicyARN { get; init; }

    public required string PolicyName { get; init; }

    public required string ServiceNamespace { get; init; }

    public required string ResourceId { get; init; }

    public required string ScalableDimension { get; init; }

    public required string PolicyType { get; init; }

    public TargetTrackingScalingPolicyConfiguration? TargetTrackingScalingPolicyConfiguration { get; init; }

    public StepScalingPolicyConfiguration? StepScalingPolicyConfiguration { get; init; }

    public IReadOnlyList<Alarm>? Alarms { get; init; }

    public required DateTimeOffset CreationTime { get; init; }
}

public sealed record DescribeScalingPoliciesRequest(IReadOnlyList<string>? PolicyNames = null, string? ServiceNamespace = null, string? ResourceId = null, string? ScalableDimension = null, int? MaxResults = null, string? NextToken = null);

public sealed record DescribeScalingPoliciesResponse(IReadOnlyList<ScalingPolicy> ScalingPolicies, string? NextToken = null);

public sealed record DeleteScalingPolicyRequest(string? PolicyName = null, string? ServiceNamespace = null, string? ResourceId = null, string? ScalableDimension = null);

public sealed record DescribeScalingActivitiesRequest(string? ServiceNamespace = null, string? ResourceId = null, string? ScalableDimension = null, int? MaxResults = null, string? NextToken = null);

public sealed record ScalingActivity
{
    public required string ActivityId { get; init; }

    public required string ServiceNamespace { get; init; }

    public required string ResourceId { get; init; }

    public required string ScalableDimension { get; init; }

    public required string Description { get; init; }

    public required string Cause { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    public required string StatusCode { get; init; }

    public string? StatusMessage { get; init; }
}

public sealed record DescribeScalingActivitiesResponse(IReadOnlyList<ScalingActivity> ScalingActivities, string? NextToken = null);

public sealed record EmptyResponse;

/// <summary>What the metadata store keeps per target: the target, its policies, and when it last scaled each way.</summary>
public sealed record StoredTarget(ScalableTarget Target, IReadOnlyList<ScalingPolicy> Policies, DateTimeOffset? LastScaleOut, DateTimeOffset? LastScaleIn);
