using System.Globalization;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.AutoScaling.Shapes;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Endpoints;
using Sagebrush.Core.Hosting.Shapes;

namespace Sagebrush.Core.AutoScaling;

/// <summary>
/// Target tracking for SageMaker variants: every <see cref="AutoScalingOptions.EvaluationInterval"/>, each target
/// with a policy gets the capacity that brings SageMakerVariantInvocationsPerInstance (its invocations over the last
/// minute, per instance) to the policy's TargetValue: the last minute's invocations divided by the target, rounded
/// up, within MinCapacity and MaxCapacity. Scale-out waits ScaleOutCooldown after the last scale-out, scale-in
/// ScaleInCooldown after any scaling (300 s each by default, SageMaker's), and DisableScaleIn stops scale-in. The
/// change goes through <see cref="VariantCapacity"/>.
/// </summary>
public sealed partial class VariantScaler(
    AutoScalingService scaling,
    VariantCapacity capacity,
    InvocationRates rates,
    AutoScalingOptions options,
    TimeProvider time,
    ILogger<VariantScaler> logger) : PeriodicController(time)
{
    private const int DefaultCooldown = 300;

    public override string Runs => "target-tracking scaling";

    protected override TimeSpan Interval => options.EvaluationInterval;

    protected override Task StepAsync(CancellationToken cancellationToken) => EvaluateAsync(cancellationToken);

    protected override void OnStepFailed(Exception failure) => LogEvaluationFailed(logger, failure);

    /// <summary>One evaluation of every target (the loop's step; tests call it directly).</summary>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        foreach (var target in await scaling.TargetsAsync(cancellationToken))
        {
            if (target.Policies.FirstOrDefault(p => p.TargetTrackingScalingPolicyConfiguration is not null) is { } policy)
            {
                await EvaluateAsync(target, policy, cancellationToken);
            }
        }
    }

    private async Task EvaluateAsync(StoredTarget stored, ScalingPolicy policy, CancellationToken cancellationToken)
    {
        if (await capacity.CurrentAsync(stored.Target.ResourceId, cancellationToken) is not { } current)
        {
            return;
        }

        var parts = stored.Target.ResourceId.Split('/');
        var configuration = policy.TargetTrackingScalingPolicyConfiguration!;
        var invocations = rates.Count(parts[1], parts[3], options.Minute);
        var desired = (int)Math.Clamp(Math.Ceiling(invocations / configuration.TargetValue!.Value), stored.Target.MinCapacity, stored.Target.MaxCapacity);
        var now = Time.GetUtcNow();
        var lastScaling = Latest(stored.LastScaleOut, stored.LastScaleIn);
        var scaleOut = desired > current && Since(stored.LastScaleOut, now) >= options.Scaled(configuration.ScaleOutCooldown ?? DefaultCooldown);
        var scaleIn = desired < current && configuration.DisableScaleIn != true && Since(lastScaling, now) >= options.Scaled(configuration.ScaleInCooldown ?? DefaultCooldown);
        if (!scaleOut && !scaleIn)
        {
            return;
        }

        var alarm = policy.Alarms?.FirstOrDefault(a => a.AlarmName.Contains(scaleOut ? "-AlarmHigh-" : "-AlarmLow-", StringComparison.Ordinal))?.AlarmName ?? policy.PolicyName;
        var cause = string.Create(CultureInfo.InvariantCulture, $"monitor alarm {alarm} in state ALARM triggered policy {policy.PolicyName}");
        if (await capacity.SetAsync(stored.Target.ResourceId, desired, scaleOut, cause, cancellationToken))
        {
            LogScaled(logger, stored.Target.ResourceId, current, desired, invocations);
        }
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static TimeSpan Since(DateTimeOffset? moment, DateTimeOffset now) => moment is null ? TimeSpan.MaxValue : now - moment.Value;

    [LoggerMessage(Level = LogLevel.Information, Message = "Target tracking: {Resource} from {Current} to {Desired} instances ({Invocations} invocations in the last policy minute)")]
    private static partial void LogScaled(ILogger logger, string resource, int current, int desired, long invocations);

    [LoggerMessage(Level = LogLevel.Error, Message = "Target tracking: an evaluation failed; trying again at the next interval")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception);
}
