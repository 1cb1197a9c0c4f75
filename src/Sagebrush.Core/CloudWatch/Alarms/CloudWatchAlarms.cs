using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.CloudWatch.Shapes;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Metrics;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.CloudWatch.Alarms;

/// <summary>
/// CloudWatch metric alarms: PutMetricAlarm (checked as CloudWatch checks it; an update keeps the state), DescribeAlarms,
/// DeleteAlarms, SetAlarmState, and <see cref="EvaluateAsync"/>, which <see cref="AlarmEvaluator"/> runs: each alarm's
/// statistic over its last periods (<see cref="AlarmEvaluation"/>), the new state stored with CloudWatch's reason, and
/// the state's actions run on a transition (Auto Scaling's again every <see cref="CloudWatchOptions.RepeatInterval"/>
/// while the alarm stays in ALARM). Not supported: metric-math alarms (Metrics), composite alarms, anomaly bands,
/// alarm history, tags, SNS and EC2 actions (accepted and logged as not carried out).
/// </summary>
public sealed partial class CloudWatchAlarms(
    IMetadataStore metadata,
    AccountSettings account,
    CloudWatchMetrics metrics,
    IEnumerable<IAlarmActionHandler> handlers,
    CloudWatchOptions options,
    TimeProvider time,
    ILogger<CloudWatchAlarms> logger)
{
    private readonly DocumentStore<MetricAlarm> alarms = new(metadata, account, "cloudwatch-alarm", CloudWatchJsonContext.Default.MetricAlarm, "alarm");
    private readonly IAlarmActionHandler[] actionHandlers = [.. handlers];
    private readonly Dictionary<string, DateTimeOffset> lastRepeat = new(StringComparer.Ordinal);

    public async Task PutAsync(PutMetricAlarmRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var alarm = Checked(request);
        var now = time.GetUtcNow();
        alarm.AlarmConfigurationUpdatedTimestamp = now;
        if (await alarms.TryInsertAsync(alarm.AlarmName!, Initial(alarm, now), cancellationToken))
        {
            return;
        }

        await alarms.UpdateAsync(alarm.AlarmName!, old =>
        {
            alarm.StateValue = old.StateValue;
            alarm.StateReason = old.StateReason;
            alarm.StateReasonData = old.StateReasonData;
            alarm.StateUpdatedTimestamp = old.StateUpdatedTimestamp;
            alarm.StateTransitionedTimestamp = old.StateTransitionedTimestamp;
            return alarm;
        }, cancellationToken);
    }

    public async Task<DescribeAlarmsResponse> DescribeAsync(DescribeAlarmsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.StateValue is { } state && !AlarmStates.IsValid(state))
        {
            throw new AwsException("InvalidParameterValue", $"The value {state} for parameter StateValue is invalid: use OK, ALARM or INSUFFICIENT_DATA.");
        }

        var all = await alarms.ListAsync(cancellationToken);
        var wantsMetricAlarms = request.AlarmTypes is not { Count: > 0 } types || types.Contains("MetricAlarm");
        return new DescribeAlarmsResponse
        {
            MetricAlarms = wantsMetricAlarms
                ? [.. all
                    .Where(a => request.AlarmNames is not { Count: > 0 } names || names.Contains(a.AlarmName!))
                    .Where(a => request.AlarmNamePrefix is null || a.AlarmName!.StartsWith(request.AlarmNamePrefix, StringComparison.Ordinal))
                    .Where(a => request.StateValue is null || a.StateValue == request.StateValue)
                    .Where(a => request.ActionPrefix is null || a.AlarmActions.Concat(a.OKActions).Concat(a.InsufficientDataActions).Any(x => x.StartsWith(request.ActionPrefix, StringComparison.Ordinal)))
                    .OrderBy(a => a.AlarmName, StringComparer.Ordinal)]
                : [],
        };
    }

    public async Task DeleteAsync(DeleteAlarmsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var names = request.AlarmNames is { Count: > 0 } n ? n : throw new AwsException("MissingParameter", "The parameter AlarmNames is required.");
        var missing = new List<string>();
        foreach (var name in names)
        {
            if (await alarms.GetAsync(name, cancellationToken) is null)
            {
                missing.Add(name);
            }
        }

        // CloudWatch deletes nothing when a name is wrong.
        if (missing.Count > 0)
        {
            throw new AwsException("ResourceNotFound", $"{string.Join(", ", missing)} not found", 404);
        }

        foreach (var name in names)
        {
            await alarms.DeleteAsync(name, cancellationToken);
        }
    }

    /// <summary>SetAlarmState: the state until the next evaluation, with its actions, as CloudWatch does it (handy for testing actions).</summary>
    public async Task SetStateAsync(SetAlarmStateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.AlarmName ?? throw new AwsException("MissingParameter", "The parameter AlarmName is required.");
        var state = AlarmStates.IsValid(request.StateValue) ? request.StateValue! : throw new AwsException("InvalidParameterValue", $"The value {request.StateValue} for parameter StateValue is invalid: use OK, ALARM or INSUFFICIENT_DATA.");
        var reason = request.StateReason ?? throw new AwsException("MissingParameter", "The parameter StateReason is required.");
        if (request.StateReasonData is { } data)
        {
            try
            {
                using var _ = JsonDocument.Parse(data);
            }
            catch (JsonException)
            {
                throw new AwsException("InvalidFormat", "The parameter StateReasonData must be JSON.");
            }
        }

        var alarm = await alarms.GetAsync(name, cancellationToken) ?? throw new AwsException("ResourceNotFound", $"Alarm {name} not found", 404);
        await TransitionAsync(alarm, new AlarmVerdict(state, reason, request.StateReasonData ?? "{}", null), cancellationToken);
    }

    /// <summary>One evaluation of every alarm (the evaluator's step; tests call it directly).</summary>
    public async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var alarm in await alarms.ListAsync(cancellationToken))
        {
            var periods = AlarmEvaluation.Periods(alarm, now);
            var period = TimeSpan.FromSeconds(alarm.Period);
            var statistic = alarm.Statistic ?? alarm.ExtendedStatistic!;
            IReadOnlyList<StatisticsDatapoint> points;
            try
            {
                points = await metrics.GetStatisticsAsync(
                    new MetricStatisticsRequest(
                        alarm.Namespace!,
                        alarm.MetricName!,
                        CloudWatchMetrics.DimensionsOf(alarm.Dimensions),
                        periods[^1],
                        periods[0] + period,
                        alarm.Period,
                        alarm.Statistic is null ? [] : [statistic],
                        alarm.Statistic is null ? [statistic] : [],
                        alarm.Unit),
                    cancellationToken);
            }
            catch (AwsException unreadable)
            {
                // One alarm whose metric cannot be read (a period the metric is not kept at) must not stop the others.
                LogUnreadable(logger, alarm.AlarmName!, unreadable.Message);
                continue;
            }

            var values = points
                .Select(p => (p.Timestamp, Value: alarm.Statistic is null ? p.ExtendedStatistics.GetValueOrDefault(statistic, double.NaN) : p.Statistics[statistic]))
                .Where(p => double.IsFinite(p.Value))
                .ToDictionary(p => p.Timestamp, p => p.Value);
            await TransitionAsync(alarm, AlarmEvaluation.Evaluate(alarm, values, now), cancellationToken);
        }
    }

    private async Task TransitionAsync(MetricAlarm alarm, AlarmVerdict verdict, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changed = verdict.State != alarm.StateValue;
        if (changed)
        {
            var updated = await alarms.UpdateAsync(alarm.AlarmName!, a =>
            {
                a.StateValue = verdict.State;
                a.StateReason = verdict.Reason;
                a.StateReasonData = verdict.ReasonData;
                a.StateUpdatedTimestamp = now;
                a.StateTransitionedTimestamp = now;
                return a;
            }, cancellationToken);
            if (updated is null)
            {
                return; // deleted meanwhile
            }

            LogTransition(logger, alarm.AlarmName!, alarm.StateValue, verdict.State, verdict.Reason);
        }

        if (!alarm.ActionsEnabled)
        {
            return;
        }

        var actions = verdict.State switch
        {
            AlarmStates.Alarm => alarm.AlarmActions,
            AlarmStates.Ok => alarm.OKActions,
            _ => alarm.InsufficientDataActions,
        };
        foreach (var action in actions)
        {
            var handler = actionHandlers.FirstOrDefault(h => h.Handles(action));
            var key = alarm.AlarmName + "\u001f" + action;
            bool due;
            lock (lastRepeat)
            {
                due = changed || (handler?.Repeats == true && verdict.State == AlarmStates.Alarm && (!lastRepeat.TryGetValue(key, out var last) || now - last >= options.RepeatInterval));
                if (due)
                {
                    lastRepeat[key] = now;
                }
            }

            if (!due)
            {
                continue;
            }

            if (handler is null)
            {
                LogActionNotCarriedOut(logger, alarm.AlarmName!, action);
                continue;
            }

            try
            {
                await handler.InvokeAsync(new AlarmActionInvocation(action, alarm.AlarmName!, verdict.State, alarm.Threshold, verdict.BreachingValue, now), cancellationToken);
            }
            catch (AwsException failed)
            {
                LogActionFailed(logger, alarm.AlarmName!, action, failed.Message);
            }
        }
    }

    private MetricAlarm Initial(MetricAlarm alarm, DateTimeOffset now)
    {
        alarm.AlarmArn = $"arn:aws:cloudwatch:{account.Region}:{account.AccountId}:alarm:{alarm.AlarmName}";
        alarm.StateValue = AlarmStates.InsufficientData;
        alarm.StateReason = "Unchecked: Initial alarm creation";
        alarm.StateUpdatedTimestamp = now;
        alarm.StateTransitionedTimestamp = now;
        return alarm;
    }

    private MetricAlarm Checked(PutMetricAlarmRequest request)
    {
        var name = request.AlarmName is { Length: > 0 and <= 255 } n && !n.Any(char.IsControl) ? n : throw new AwsException("InvalidParameterValue", "The parameter AlarmName must be 1 to 255 printable characters.");
        if (request.Metrics is { Count: > 0 })
        {
            throw new AwsException("InvalidParameterValue", "Sagebrush does not evaluate metric-math alarms (Metrics): give MetricName, Namespace and a Statistic.");
        }

        var metricName = request.MetricName ?? throw new AwsException("MissingParameter", "The parameter MetricName is required.");
        var metricNamespace = request.Namespace ?? throw new AwsException("MissingParameter", "The parameter Namespace is required.");
        if ((request.Statistic is null) == (request.ExtendedStatistic is null))
        {
            throw new AwsException("InvalidParameterCombination", "Exactly one of the parameters Statistic and ExtendedStatistic must be given.");
        }

        if (request.Statistic is { } statistic && statistic is not (MetricStatistic.SampleCount or MetricStatistic.Average or MetricStatistic.Sum or MetricStatistic.Minimum or MetricStatistic.Maximum))
        {
            throw new AwsException("InvalidParameterValue", $"The value {statistic} for parameter Statistic is invalid.");
        }

        if (request.ExtendedStatistic is { } extended && !PercentilePattern().IsMatch(extended))
        {
            throw new AwsException("InvalidParameterValue", $"The value {extended} for parameter ExtendedStatistic is invalid: use a percentile such as p99.");
        }

        var period = request.Period ?? throw new AwsException("MissingParameter", "The parameter Period is required.");
        if (period is not (10 or 30) && (period < 60 || period % 60 != 0))
        {
            throw new AwsException("InvalidParameterValue", $"The parameter Period must be 10, 30 or a multiple of 60, not {period}.");
        }

        var evaluationPeriods = request.EvaluationPeriods is { } e && e >= 1 ? e : throw new AwsException("InvalidParameterValue", "The parameter EvaluationPeriods must be at least 1.");
        if ((long)evaluationPeriods * period > 604_800)
        {
            throw new AwsException("InvalidParameterCombination", "The product of EvaluationPeriods and Period must not exceed 604,800 seconds (7 days).");
        }

        if (request.DatapointsToAlarm is { } m && (m < 1 || m > evaluationPeriods))
        {
            throw new AwsException("InvalidParameterValue", "DatapointsToAlarm must be between 1 and EvaluationPeriods.");
        }

        var threshold = request.Threshold ?? throw new AwsException("MissingParameter", "The parameter Threshold is required.");
        var comparison = request.ComparisonOperator is { } c && AlarmEvaluation.ComparisonOperators.Contains(c)
            ? c
            : throw new AwsException("InvalidParameterValue", $"The value {request.ComparisonOperator} for parameter ComparisonOperator is invalid.");
        var missing = request.TreatMissingData ?? "missing";
        if (!AlarmEvaluation.MissingDataTreatments.Contains(missing))
        {
            throw new AwsException("InvalidParameterValue", $"The value {missing} for parameter TreatMissingData is invalid: use missing, notBreaching, breaching or ignore.");
        }

        _ = CloudWatchMetrics.DimensionsOf(request.Dimensions);
        return new MetricAlarm
        {
            AlarmName = name,
            AlarmArn = $"arn:aws:cloudwatch:{account.Region}:{account.AccountId}:alarm:{name}",
            AlarmDescription = request.AlarmDescription,
            ActionsEnabled = request.ActionsEnabled ?? true,
            OKActions = request.OKActions ?? [],
            AlarmActions = request.AlarmActions ?? [],
            InsufficientDataActions = request.InsufficientDataActions ?? [],
            MetricName = metricName,
            Namespace = metricNamespace,
            Statistic = request.Statistic,
            ExtendedStatistic = request.ExtendedStatistic,
            Dimensions = request.Dimensions ?? [],
            Period = period,
            Unit = request.Unit,
            EvaluationPeriods = evaluationPeriods,
            DatapointsToAlarm = request.DatapointsToAlarm,
            Threshold = threshold,
            ComparisonOperator = comparison,
            TreatMissingData = missing,
        };
    }

    [GeneratedRegex(@"\Ap(\d{1,2}(\.\d{0,10})?|100)\z")]
    private static partial Regex PercentilePattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm {Alarm}: {From} -> {To} ({Reason})")]
    private static partial void LogTransition(ILogger logger, string alarm, string from, string to, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm {Alarm}: action {Action} not carried out: Sagebrush runs Application Auto Scaling policies only")]
    private static partial void LogActionNotCarriedOut(ILogger logger, string alarm, string action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm {Alarm}: its metric cannot be read ({Reason}); it keeps its state")]
    private static partial void LogUnreadable(ILogger logger, string alarm, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm {Alarm}: action {Action} failed: {Reason}")]
    private static partial void LogActionFailed(ILogger logger, string alarm, string action, string reason);
}
