using Microsoft.Extensions.Logging;
using Sagebrush.Core.Common;

namespace Sagebrush.Core.CloudWatch.Alarms;

/// <summary>Evaluates every alarm each <see cref="CloudWatchOptions.AlarmEvaluationInterval"/> (<see cref="CloudWatchAlarms.EvaluateAsync"/>).</summary>
public sealed partial class AlarmEvaluator(CloudWatchAlarms alarms, CloudWatchOptions options, TimeProvider time, ILogger<AlarmEvaluator> logger) : PeriodicController(time)
{
    public override string Runs => "CloudWatch alarm evaluation";

    protected override TimeSpan Interval => options.AlarmEvaluationInterval;

    protected override Task StepAsync(CancellationToken cancellationToken) => alarms.EvaluateAsync(cancellationToken);

    protected override void OnStepFailed(Exception failure) => LogFailed(logger, failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "CloudWatch alarms: an evaluation failed; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
