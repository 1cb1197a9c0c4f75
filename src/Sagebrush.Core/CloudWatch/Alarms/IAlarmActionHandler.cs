namespace Sagebrush.Core.CloudWatch.Alarms;

/// <summary>
/// An alarm action Sagebrush can carry out, found by the action's ARN (Application Auto Scaling's step scaling policies
/// handle <c>arn:aws:autoscaling:...:scalingPolicy:...</c>). Actions no handler claims are logged as not carried out.
/// </summary>
public interface IAlarmActionHandler
{
    bool Handles(string actionArn);

    /// <summary>
    /// True for actions CloudWatch repeats while the alarm stays in the state (Auto Scaling's, once a minute);
    /// false for those it runs once per transition.
    /// </summary>
    bool Repeats { get; }

    Task InvokeAsync(AlarmActionInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>One action run: which alarm, its new state, and the value that breached (for step adjustments).</summary>
public sealed record AlarmActionInvocation(string ActionArn, string AlarmName, string State, double Threshold, double? MetricValue, DateTimeOffset Timestamp);
