using System.Globalization;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.AutoScaling.Shapes;
using Sagebrush.Core.CloudWatch.Alarms;

namespace Sagebrush.Core.AutoScaling;

/// <summary>
/// Step scaling: a CloudWatch alarm in ALARM whose AlarmActions name a StepScaling policy's ARN runs the policy (again
/// each minute while it stays in ALARM, as CloudWatch repeats Auto Scaling actions). The step is the one whose
/// [MetricIntervalLowerBound, MetricIntervalUpperBound) holds the breach, the breaching value minus the alarm's
/// threshold (0 when the state was set by SetAlarmState, which carries no value); its ScalingAdjustment is applied
/// as ChangeInCapacity, PercentChangeInCapacity (at least MinAdjustmentMagnitude) or ExactCapacity, within the
/// target's MinCapacity and MaxCapacity, once Cooldown has passed since the last scaling the same way.
/// </summary>
public sealed partial class StepScalingActions(
    AutoScalingService scaling,
    VariantCapacity capacity,
    AutoScalingOptions options,
    TimeProvider time,
    ILogger<StepScalingActions> logger) : IAlarmActionHandler
{
    private const int DefaultCooldown = 300;

    public bool Repeats => true;

    public bool Handles(string actionArn) =>
        actionArn.StartsWith("arn:aws:autoscaling:", StringComparison.Ordinal) && actionArn.Contains(":scalingPolicy:", StringComparison.Ordinal);

    public async Task InvokeAsync(AlarmActionInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (invocation.State != "ALARM")
        {
            return;
        }

        var target = (await scaling.TargetsAsync(cancellationToken)).FirstOrDefault(t => t.Policies.Any(p => p.PolicyARN == invocation.ActionArn));
        var policy = target?.Policies.First(p => p.PolicyARN == invocation.ActionArn);
        if (target is null || policy?.StepScalingPolicyConfiguration is not { } configuration)
        {
            LogNoPolicy(logger, invocation.AlarmName, invocation.ActionArn);
            return;
        }

        if (await capacity.CurrentAsync(target.Target.ResourceId, cancellationToken) is not { } current)
        {
            return;
        }

        var breach = (invocation.MetricValue ?? invocation.Threshold) - invocation.Threshold;
        if (Step(configuration, breach) is not { } adjustment)
        {
            return;
        }

        var desired = Math.Clamp(Desired(configuration, current, adjustment), target.Target.MinCapacity, target.Target.MaxCapacity);
        if (desired == current)
        {
            return;
        }

        var scaleOut = desired > current;
        var last = scaleOut ? target.LastScaleOut : target.LastScaleIn;
        if (last is { } moment && time.GetUtcNow() - moment < options.Scaled(configuration.Cooldown ?? DefaultCooldown))
        {
            return;
        }

        var cause = $"monitor alarm {invocation.AlarmName} in state ALARM triggered policy {policy.PolicyName}";
        if (await capacity.SetAsync(target.Target.ResourceId, desired, scaleOut, cause, cancellationToken))
        {
            LogStepped(logger, target.Target.ResourceId, current, desired, invocation.AlarmName, breach);
        }
    }

    /// <summary>The ScalingAdjustment of the step holding <paramref name="breach"/>, or null when none does.</summary>
    public static int? Step(StepScalingPolicyConfiguration configuration, double breach)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.StepAdjustments?.FirstOrDefault(s =>
            breach >= (s.MetricIntervalLowerBound ?? double.NegativeInfinity) && breach < (s.MetricIntervalUpperBound ?? double.PositiveInfinity))?.ScalingAdjustment;
    }

    public static int Desired(StepScalingPolicyConfiguration configuration, int current, int adjustment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        switch (configuration.AdjustmentType)
        {
            case "ExactCapacity":
                return adjustment;
            case "PercentChangeInCapacity":
                var change = (int)Math.Truncate(current * adjustment / 100.0);
                var magnitude = configuration.MinAdjustmentMagnitude ?? 1;
                if (adjustment != 0 && Math.Abs(change) < magnitude)
                {
                    change = Math.Sign(adjustment) * magnitude;
                }

                return current + change;
            default:
                return current + adjustment;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Step scaling: {Resource} from {Current} to {Desired} instances (alarm {Alarm}, breach {Breach})")]
    private static partial void LogStepped(ILogger logger, string resource, int current, int desired, string alarm, double breach);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Step scaling: alarm {Alarm} names {Policy}, which is not a step scaling policy of any scalable target")]
    private static partial void LogNoPolicy(ILogger logger, string alarm, string policy);
}
