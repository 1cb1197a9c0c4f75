namespace Sagebrush.Core.AutoScaling;

/// <summary>
/// How often target tracking looks, and how time is scaled. With <see cref="TimeFactor"/> F, a policy's minute lasts
/// 60/F seconds: the metric (invocations per instance per minute) is counted over 60/F seconds and cooldowns are divided
/// by F, so tests and demos see in seconds what AWS does in minutes (docs/autoscaling.md).
/// </summary>
public sealed record AutoScalingOptions
{
    public double TimeFactor { get; init; } = 1;

    /// <summary>How often every target is evaluated (AWS's alarms look once a minute).</summary>
    public TimeSpan EvaluationInterval { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan Minute => TimeSpan.FromSeconds(60 / TimeFactor);

    public TimeSpan Scaled(int seconds) => TimeSpan.FromSeconds(seconds / TimeFactor);
}
