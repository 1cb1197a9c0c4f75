using System.Text.RegularExpressions;
using Sagebrush.Core.AutoScaling.Shapes;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Endpoints;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.AutoScaling;

/// <summary>
/// Application Auto Scaling for SageMaker variants: scalable targets (<c>endpoint/&lt;name&gt;/variant/&lt;name&gt;</c>,
/// <c>sagemaker:variant:DesiredInstanceCount</c>), target-tracking policies, and the activities
/// <see cref="VariantScaler"/> records.
/// Step scaling policies run when a CloudWatch alarm names their ARN (<see cref="StepScalingActions"/>).
/// Not supported yet: other services' namespaces, customized metrics,
/// scheduled actions, SuspendedState (echoed, not honoured).
/// </summary>
public sealed partial class AutoScalingService(IMetadataStore metadata, AccountSettings account, EndpointService endpoints, TimeProvider time)
{
    public const string Namespace = "sagemaker";
    public const string Dimension = "sagemaker:variant:DesiredInstanceCount";
    public const string InvocationsPerInstance = "SageMakerVariantInvocationsPerInstance";

    private readonly DocumentStore<StoredTarget> targets = new(metadata, account, "scalable-target", AutoScalingJsonContext.Default.StoredTarget, "scalable target");
    private readonly DocumentStore<ScalingActivity> activities = new(metadata, account, "scaling-activity", AutoScalingJsonContext.Default.ScalingActivity, "scaling activity");

    public async Task RegisterAsync(RegisterScalableTargetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (endpoint, variant) = CheckTarget(request.ServiceNamespace, request.ResourceId, request.ScalableDimension);
        var described = await endpoints.DescribeAsync(endpoint, cancellationToken);
        if (described.ProductionVariants?.Any(v => v.VariantName == variant) != true)
        {
            throw AutoScalingErrors.Validation($"The variant {variant} does not exist in endpoint {endpoint}.");
        }

        var existing = await targets.GetAsync(request.ResourceId!, cancellationToken);
        var min = request.MinCapacity ?? existing?.Target.MinCapacity ?? throw AutoScalingErrors.Validation("MinCapacity and MaxCapacity are required when registering a new scalable target.");
        var max = request.MaxCapacity ?? existing?.Target.MaxCapacity ?? throw AutoScalingErrors.Validation("MinCapacity and MaxCapacity are required when registering a new scalable target.");
        if (min < 1 || max < min)
        {
            throw AutoScalingErrors.Validation($"Minimum capacity {min} must be at least 1 and no more than maximum capacity {max} for a SageMaker variant.");
        }

        var target = new ScalableTarget
        {
            ServiceNamespace = Namespace,
            ResourceId = request.ResourceId!,
            ScalableDimension = Dimension,
            MinCapacity = min,
            MaxCapacity = max,
            RoleARN = request.RoleARN ?? $"arn:aws:iam::{account.AccountId}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint",
            CreationTime = existing?.Target.CreationTime ?? time.GetUtcNow(),
            SuspendedState = request.SuspendedState ?? existing?.Target.SuspendedState,
        };
        if (!await targets.TryInsertAsync(target.ResourceId, new StoredTarget(target, [], null, null), cancellationToken))
        {
            await targets.UpdateAsync(target.ResourceId, stored => stored with { Target = target }, cancellationToken);
        }
    }

    public async Task<DescribeScalableTargetsResponse> DescribeTargetsAsync(DescribeScalableTargetsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckNamespace(request.ServiceNamespace);
        var all = await targets.ListAsync(cancellationToken);
        return new DescribeScalableTargetsResponse([.. all.Select(t => t.Target).Where(t => request.ResourceIds is not { Count: > 0 } ids || ids.Contains(t.ResourceId))]);
    }

    public async Task DeregisterAsync(TargetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckTarget(request.ServiceNamespace, request.ResourceId, request.ScalableDimension);
        if (!await targets.DeleteAsync(request.ResourceId!, cancellationToken))
        {
            throw AutoScalingErrors.NotFound($"No scalable target registered for service namespace: {Namespace}, resource ID: {request.ResourceId}, scalable dimension: {Dimension}");
        }
    }

    public async Task<PutScalingPolicyResponse> PutPolicyAsync(PutScalingPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckTarget(request.ServiceNamespace, request.ResourceId, request.ScalableDimension);
        if (string.IsNullOrEmpty(request.PolicyName))
        {
            throw AutoScalingErrors.Validation("1 validation error detected: Value null at 'policyName' failed to satisfy constraint: Member must not be null");
        }

        var policyArn = $"arn:aws:autoscaling:{account.Region}:{account.AccountId}:scalingPolicy:{Guid.NewGuid()}:resource/{Namespace}/{request.ResourceId}:policyName/{request.PolicyName}";
        var policy = (request.PolicyType ?? "StepScaling") switch
        {
            "TargetTrackingScaling" => TargetTracking(request, policyArn),
            "StepScaling" => StepScaling(request, policyArn),
            var other => throw AutoScalingErrors.Validation($"Unsupported policy type {other}: use TargetTrackingScaling or StepScaling."),
        };
        var stored = await targets.UpdateAsync(request.ResourceId!, t => t with
        {
            // Putting a policy of the same name replaces it, keeping its ARN, as AWS does.
            Policies = [.. t.Policies.Where(p => p.PolicyName != request.PolicyName), t.Policies.FirstOrDefault(p => p.PolicyName == request.PolicyName) is { } old ? policy with { PolicyARN = old.PolicyARN, Alarms = old.Alarms } : policy],
        }, cancellationToken) ?? throw AutoScalingErrors.NotFound($"No scalable target registered for service namespace: {Namespace}, resource ID: {request.ResourceId}, scalable dimension: {Dimension}");
        var saved = stored.Policies.First(p => p.PolicyName == request.PolicyName);
        return new PutScalingPolicyResponse(saved.PolicyARN, saved.Alarms ?? []);
    }

    private ScalingPolicy TargetTracking(PutScalingPolicyRequest request, string policyArn)
    {
        var configuration = request.TargetTrackingScalingPolicyConfiguration
            ?? throw AutoScalingErrors.Validation("TargetTrackingScalingPolicyConfiguration is required for a TargetTrackingScaling policy.");
        if (configuration.TargetValue is not > 0)
        {
            throw AutoScalingErrors.Validation("TargetValue must be greater than 0.");
        }

        if (configuration.PredefinedMetricSpecification?.PredefinedMetricType != InvocationsPerInstance)
        {
            throw AutoScalingErrors.Validation($"Sagebrush tracks PredefinedMetricType {InvocationsPerInstance}; customized metrics are not supported yet.");
        }

        return NewPolicy(request, policyArn, "TargetTrackingScaling") with
        {
            TargetTrackingScalingPolicyConfiguration = configuration,
            Alarms = [Alarm(request.ResourceId!, "AlarmHigh"), Alarm(request.ResourceId!, "AlarmLow")],
        };
    }

    /// <summary>A step scaling policy: run by a CloudWatch alarm whose AlarmActions name its ARN (<see cref="StepScalingActions"/>).</summary>
    private ScalingPolicy StepScaling(PutScalingPolicyRequest request, string policyArn)
    {
        var configuration = request.StepScalingPolicyConfiguration
            ?? throw AutoScalingErrors.Validation("StepScalingPolicyConfiguration is required for a StepScaling policy.");
        if (configuration.AdjustmentType is not ("ChangeInCapacity" or "PercentChangeInCapacity" or "ExactCapacity"))
        {
            throw AutoScalingErrors.Validation($"AdjustmentType {configuration.AdjustmentType} is not one of ChangeInCapacity, PercentChangeInCapacity, ExactCapacity.");
        }

        var steps = configuration.StepAdjustments is { Count: > 0 } s ? s : throw AutoScalingErrors.Validation("StepAdjustments must have at least one step.");
        if (steps.Any(step => step.ScalingAdjustment is null))
        {
            throw AutoScalingErrors.Validation("Every step adjustment needs a ScalingAdjustment.");
        }

        if (steps.Any(step => step.MetricIntervalLowerBound is { } lower && step.MetricIntervalUpperBound is { } upper && lower >= upper))
        {
            throw AutoScalingErrors.Validation("A step's MetricIntervalLowerBound must be less than its MetricIntervalUpperBound.");
        }

        var ordered = steps.OrderBy(step => step.MetricIntervalLowerBound ?? double.NegativeInfinity).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if ((ordered[i - 1].MetricIntervalUpperBound ?? double.PositiveInfinity) > (ordered[i].MetricIntervalLowerBound ?? double.NegativeInfinity))
            {
                throw AutoScalingErrors.Validation("Step adjustments must not overlap.");
            }
        }

        return NewPolicy(request, policyArn, "StepScaling") with { StepScalingPolicyConfiguration = configuration, Alarms = [] };
    }

    private ScalingPolicy NewPolicy(PutScalingPolicyRequest request, string policyArn, string policyType) => new()
    {
        PolicyARN = policyArn,
        PolicyName = request.PolicyName!,
        ServiceNamespace = Namespace,
        ResourceId = request.ResourceId!,
        ScalableDimension = Dimension,
        PolicyType = policyType,
        CreationTime = time.GetUtcNow(),
    };

    public async Task<DescribeScalingPoliciesResponse> DescribePoliciesAsync(DescribeScalingPoliciesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckNamespace(request.ServiceNamespace);
        var all = await targets.ListAsync(cancellationToken);
        return new DescribeScalingPoliciesResponse([.. all
            .Where(t => request.ResourceId is null || t.Target.ResourceId == request.ResourceId)
            .SelectMany(t => t.Policies)
            .Where(p => request.PolicyNames is not { Count: > 0 } names || names.Contains(p.PolicyName))]);
    }

    public async Task DeletePolicyAsync(DeleteScalingPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckTarget(request.ServiceNamespace, request.ResourceId, request.ScalableDimension);
        var found = false;
        await targets.UpdateAsync(request.ResourceId!, t =>
        {
            found = t.Policies.Any(p => p.PolicyName == request.PolicyName);
            return found ? t with { Policies = [.. t.Policies.Where(p => p.PolicyName != request.PolicyName)] } : null;
        }, cancellationToken);
        if (!found)
        {
            throw AutoScalingErrors.NotFound($"No scaling policy found for service namespace: {Namespace}, resource ID: {request.ResourceId}, scalable dimension: {Dimension}, policy name: {request.PolicyName}");
        }
    }

    /// <summary>Newest first.</summary>
    public async Task<DescribeScalingActivitiesResponse> DescribeActivitiesAsync(DescribeScalingActivitiesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckNamespace(request.ServiceNamespace);
        var all = await activities.ListAsync(cancellationToken);
        return new DescribeScalingActivitiesResponse([.. all
            .Where(a => request.ResourceId is null || a.ResourceId == request.ResourceId)
            .OrderByDescending(a => a.StartTime)
            .Take(request.MaxResults ?? 50)]);
    }

    internal Task<IReadOnlyList<StoredTarget>> TargetsAsync(CancellationToken cancellationToken) => targets.ListAsync(cancellationToken);

    internal Task<StoredTarget?> UpdateTargetAsync(string resourceId, Func<StoredTarget, StoredTarget?> change, CancellationToken cancellationToken) =>
        targets.UpdateAsync(resourceId, change, cancellationToken);

    internal Task RecordAsync(ScalingActivity activity, CancellationToken cancellationToken) => activities.InsertAsync(activity.ActivityId, activity, cancellationToken);

    /// <summary>The target-tracking alarms AWS creates for a policy: TargetTracking-&lt;resource&gt;-AlarmHigh-&lt;uuid&gt;.</summary>
    private Alarm Alarm(string resourceId, string kind)
    {
        var name = $"TargetTracking-{resourceId}-{kind}-{Guid.NewGuid()}";
        return new Alarm(name, $"arn:aws:cloudwatch:{account.Region}:{account.AccountId}:alarm:{name}");
    }

    private static (string Endpoint, string Variant) CheckTarget(string? serviceNamespace, string? resourceId, string? dimension)
    {
        CheckNamespace(serviceNamespace);
        if (dimension != Dimension)
        {
            throw AutoScalingErrors.Validation($"Unsupported scalable dimension '{dimension}' for service namespace sagemaker: use {Dimension}.");
        }

        var match = VariantResource().Match(resourceId ?? string.Empty);
        return match.Success
            ? (match.Groups["endpoint"].Value, match.Groups["variant"].Value)
            : throw AutoScalingErrors.Validation($"Unsupported resource ID '{resourceId}': a SageMaker variant is endpoint/<endpoint name>/variant/<variant name>.");
    }

    private static void CheckNamespace(string? serviceNamespace)
    {
        if (serviceNamespace != Namespace)
        {
            throw AutoScalingErrors.Validation($"Sagebrush scales the service namespace 'sagemaker' (endpoint variants), not '{serviceNamespace}'.");
        }
    }

    [GeneratedRegex("^endpoint/(?<endpoint>[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})/variant/(?<variant>[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})\\z")]
    private static partial Regex VariantResource();
}
