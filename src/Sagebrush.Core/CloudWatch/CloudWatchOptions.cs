namespace Sagebrush.Core.CloudWatch;

/// <summary>How often alarms are evaluated, and how often an action that repeats (Auto Scaling's) runs again while its alarm stays in ALARM.</summary>
public sealed record CloudWatchOptions
{
    /// <summary>CloudWatch evaluates each alarm about once a minute; Sagebrush looks more often, so a breach shows sooner.</summary>
    public TimeSpan AlarmEvaluationInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>CloudWatch's once a minute.</summary>
    public TimeSpan RepeatInterval { get; init; } = TimeSpan.FromMinutes(1);
}
