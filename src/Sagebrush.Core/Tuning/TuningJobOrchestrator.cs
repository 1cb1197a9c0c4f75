using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Training;
using Sagebrush.Core.Training.Shapes;
using Sagebrush.Core.Tuning.Search;
using Sagebrush.Core.Tuning.Shapes;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// Runs each InProgress tuning job in a background loop, as <see cref="TrainingJobScheduler"/> runs training jobs.
/// Each pass (<see cref="StepAsync"/>) reads the training jobs it launched, stops the ones early stopping or Hyperband
/// gives up on, decides whether the tuning job is done (limits, completion criteria, a stop request, failures), else
/// asks the strategy for up to MaxParallelTrainingJobs minus the running ones and launches them through
/// <see cref="TrainingJobService"/>, then records counters, best job and consumed time. A pass runs every
/// <see cref="TuningOptions.PollInterval"/>, and at once when one of the job's training jobs ends
/// (<see cref="TrainingJobService.JobEnded"/>), so a freed slot is refilled without waiting for the next poll.
/// On start (<see cref="RecoverAsync"/>), tuning jobs a previous process left InProgress are Failed and Stopping ones
/// Stopped: the training scheduler fails their running training jobs on the same restart, so nothing could resume them.
/// </summary>
public sealed partial class TuningJobOrchestrator : ITuningJobRunner, IBackgroundController, IDisposable
{
    public string Runs => "tuning jobs";

    public TimeSpan ShutdownGrace => TimeSpan.FromSeconds(5);

    public const string RestartFailureReason = "InternalServerError: the Sagebrush server restarted while the tuning job was running, which also failed its running training jobs.";

    /// <summary>A tuning job whose first this-many training jobs all failed gives up (Failed) rather than keep launching.</summary>
    public const int FailedTrainingJobsBeforeGivingUp = 3;

    private readonly TuningJobStore jobs;
    private readonly TrainingJobService training;
    private readonly IMetricHistory metrics;
    private readonly IMetadataStore metadata;
    private readonly SearchComponents search;
    private readonly TuningOptions options;
    private readonly ILogger<TuningJobOrchestrator> logger;
    private readonly ConcurrentDictionary<string, TuningRunState> states = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, TuningLoop> loops = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource shutdown = new();
    private int disposed;

    public TuningJobOrchestrator(
        TuningJobStore jobs,
        TrainingJobService training,
        IMetricHistory metrics,
        IMetadataStore metadata,
        SearchComponents search,
        TuningOptions options,
        ILogger<TuningJobOrchestrator>? logger = null)
    {
        this.jobs = jobs;
        this.training = training;
        this.metrics = metrics;
        this.metadata = metadata;
        this.search = search;
        this.options = options;
        this.logger = logger ?? NullLogger<TuningJobOrchestrator>.Instance;
        training.JobEnded += WakeTuningJobOf;
    }

    private TimeProvider Time => jobs.Time;

    public async Task RecoverAsync(CancellationToken cancellationToken = default)
    {
        foreach (var stored in await jobs.ListAsync(cancellationToken))
        {
            var name = stored.Job.HyperParameterTuningJobName;
            if (HyperParameterTuningJobStatus.IsFinal(stored.Job.HyperParameterTuningJobStatus) || loops.ContainsKey(name))
            {
                continue;
            }

            var now = Time.GetUtcNow();
            await jobs.UpdateAsync(name, s => s.Job.HyperParameterTuningJobStatus switch
            {
                HyperParameterTuningJobStatus.InProgress => End(s, HyperParameterTuningJobStatus.Failed, RestartFailureReason, now),
                HyperParameterTuningJobStatus.Stopping => End(s, HyperParameterTuningJobStatus.Stopped, null, now),
                _ => null,
            }, cancellationToken);
        }
    }

    public void Start(string tuningJobName)
    {
        var loop = new TuningLoop(CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token));
        if (!loops.TryAdd(tuningJobName, loop))
        {
            loop.Dispose();
            return;
        }

        loop.Task = Task.Run(() => RunLoopAsync(tuningJobName, loop));
    }

    public void RequestStop(string tuningJobName)
    {
        if (loops.TryGetValue(tuningJobName, out var loop))
        {
            loop.WakeUp();
        }
    }

    /// <summary>Completes when every loop started so far has ended (tests and shutdown).</summary>
    public Task WhenIdleAsync() => Task.WhenAll(loops.Values.Select(l => l.Task));

    /// <summary>Ends the loops (tuning jobs stay as they are, for <see cref="RecoverAsync"/> on the next start).</summary>
    public async Task ShutdownAsync(TimeSpan grace)
    {
        await shutdown.CancelAsync();
        try
        {
            await WhenIdleAsync().WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            // A loop stuck in a store call is abandoned; recovery deals with its job.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        training.JobEnded -= WakeTuningJobOf;
        shutdown.Cancel();
        shutdown.Dispose();
    }

    /// <summary>A training job of a running tuning job ended: its slot is free and its result is in, so look now.</summary>
    private void WakeTuningJobOf(DescribeTrainingJobResponse job)
    {
        if (job.TuningJobArn is { } arn && loops.TryGetValue(arn[(arn.LastIndexOf('/') + 1)..], out var loop))
        {
            loop.WakeUp();
        }
    }

    /// <summary>
    /// One pass over a tuning job (the background loop calls it each poll; tests call it directly). True once the
    /// tuning job has ended (or is gone).
    /// </summary>
    public async Task<bool> StepAsync(string tuningJobName, CancellationToken cancellationToken = default)
    {
        var stored = await jobs.GetAsync(tuningJobName, cancellationToken);
        if (stored is null || HyperParameterTuningJobStatus.IsFinal(stored.Job.HyperParameterTuningJobStatus))
        {
            states.TryRemove(tuningJobName, out _);
            return true;
        }

        if (!states.TryGetValue(tuningJobName, out var state))
        {
            try
            {
                state = await CreateStateAsync(stored, cancellationToken);
            }
            catch (ArgumentException unsearchable)
            {
                // A space the strategy cannot search, which validation should have refused: fail rather than retry forever.
                await jobs.UpdateAsync(tuningJobName, s => End(s, HyperParameterTuningJobStatus.Failed, $"InternalServerError: the search could not start: {unsearchable.Message}", Time.GetUtcNow()), cancellationToken);
                return true;
            }

            states[tuningJobName] = state;
        }

        var children = await ReadChildrenAsync(stored, state, cancellationToken);
        if (stored.Job.HyperParameterTuningJobStatus == HyperParameterTuningJobStatus.Stopping)
        {
            state.Ending = new TuningEnding(HyperParameterTuningJobStatus.Stopped, null);
        }

        if (state.Ending is null)
        {
            await StopEarlyAsync(state, children, cancellationToken);
            state.Ending = Decide(stored, state, children);
        }

        if (state.Ending is null)
        {
            var launched = await LaunchAsync(stored, state, children, cancellationToken);
            if (launched.Count > 0)
            {
                stored = await jobs.GetAsync(tuningJobName, cancellationToken) ?? stored;
                children = await ReadChildrenAsync(stored, state, cancellationToken);
            }
            else if (state.Ending is null && !children.Any(c => c.Running))
            {
                // Nothing runs and nothing more can be launched: the limit is reached or the search space exhausted.
                state.Ending = Finished(children);
            }
        }

        var final = false;
        if (state.Ending is { } ending)
        {
            foreach (var running in children.Where(c => c.Running && !state.StopRequested.Contains(c.Entry.TrainingJobName)))
            {
                await StopTrainingJobAsync(state, running.Entry.TrainingJobName, cancellationToken);
            }

            final = !children.Any(c => c.Running);
        }

        await RecordAsync(tuningJobName, state, children, final, cancellationToken);
        if (final)
        {
            states.TryRemove(tuningJobName, out _);
        }

        return final;
    }

    private async Task RunLoopAsync(string name, TuningLoop loop)
    {
        try
        {
            while (!loop.Token.IsCancellationRequested)
            {
                try
                {
                    if (await StepAsync(name, loop.Token))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException) when (loop.Token.IsCancellationRequested)
                {
                    break;
                }
#pragma warning disable CA1031 // A failing pass (a busy store) is retried on the next poll; it must not end the loop.
                catch (Exception failure)
#pragma warning restore CA1031
                {
                    LogStepFailed(logger, failure, name);
                }

                if (!await loop.WaitAsync(options.PollInterval))
                {
                    break;
                }
            }
        }
        finally
        {
            loops.TryRemove(name, out _);
            states.TryRemove(name, out _);
            loop.Dispose();
        }
    }

    private async Task<TuningRunState> CreateStateAsync(StoredTuningJob stored, CancellationToken cancellationToken)
    {
        var job = stored.Job;
        var plan = TuningPlan.Of(job);
        var config = job.HyperParameterTuningJobConfig;
        var settings = plan.Definitions
            .Select(d => new SearchSettings(
                plan.Strategy,
                d.Space,
                d.Direction,
                unchecked(stored.Seed + d.Index),
                plan.Strategy == "Hyperband" ? HyperbandResources.Of(config.StrategyConfig, d.Definition) : null))
            .ToList();
        var state = new TuningRunState(
            plan,
            settings.Select(search.CreateStrategy).ToList(),
            settings.Select(s => config.TrainingJobEarlyStoppingType == "Auto" ? search.CreateEarlyStoppingRule(s) : null).ToList());
        foreach (var parent in job.WarmStartConfig?.ParentHyperParameterTuningJobs ?? [])
        {
            if (await jobs.GetAsync(parent.HyperParameterTuningJobName!, cancellationToken) is { } parentJob)
            {
                await AddParentAsync(state, parentJob, cancellationToken);
            }
        }

        return state;
    }

    /// <summary>A parent's training jobs with a value become Completed trials of every definition whose tuned names they all carry.</summary>
    private async Task AddParentAsync(TuningRunState state, StoredTuningJob parent, CancellationToken cancellationToken)
    {
        var parentPlan = TuningPlan.Of(parent.Job);
        foreach (var child in parent.Children)
        {
            if (await training.FindAsync(child.TrainingJobName, cancellationToken) is not { } job)
            {
                continue;
            }

            var parentDefinition = parentPlan.Definitions[child.Definition];
            var value = ChildTrainingJobs.ObjectiveStatus(job, parentDefinition.MetricName) == ChildTrainingJobs.Succeeded
                ? ChildTrainingJobs.FinalObjective(job, parentDefinition.MetricName)
                : null;
            if (value is null)
            {
                continue;
            }

            var history = await ObjectiveHistoryAsync(job.TrainingJobArn, parentDefinition.MetricName, cancellationToken);
            foreach (var definition in state.Plan.Definitions)
            {
                var tuned = ChildTrainingJobs.Tuned(job, definition);
                if (tuned.Count == definition.TunedNames.Count && definition.MetricName == parentDefinition.MetricName)
                {
                    state.WarmTrials[definition.Index].Add(new Trial($"{parent.Job.HyperParameterTuningJobName}/{job.TrainingJobName}", tuned, TrialState.Completed, history, value));
                }
            }
        }

        if ((parent.Job.OverallBestTrainingJob ?? parent.Job.BestTrainingJob) is { } best)
        {
            state.ParentBests.Add(best);
        }
    }

    private async Task<List<ChildView>> ReadChildrenAsync(StoredTuningJob stored, TuningRunState state, CancellationToken cancellationToken)
    {
        var views = new List<ChildView>(stored.Children.Count);
        foreach (var child in stored.Children)
        {
            if (state.Ended.TryGetValue(child.TrainingJobName, out var ended))
            {
                views.Add(ended);
                continue;
            }

            if (await training.FindAsync(child.TrainingJobName, cancellationToken) is not { } job)
            {
                continue;
            }

            var definition = state.Plan.Definitions[child.Definition];
            var summary = ChildTrainingJobs.Summary(job, definition, stored.Job.HyperParameterTuningJobName);
            var history = await ObjectiveHistoryAsync(job.TrainingJobArn, definition.MetricName, cancellationToken);
            var trialState = ChildTrainingJobs.StateOf(job.TrainingJobStatus);
            var value = summary.FinalHyperParameterTuningJobObjectiveMetric is null ? (double?)null : ChildTrainingJobs.FinalObjective(job, definition.MetricName);
            var view = new ChildView(child, summary, new Trial(job.TrainingJobName, summary.TunedHyperParameters, trialState, history, value));
            if (!view.Running)
            {
                state.Ended[child.TrainingJobName] = view;
            }

            views.Add(view);
        }

        return views;
    }

    private async Task<IReadOnlyList<double>> ObjectiveHistoryAsync(string jobArn, string metricName, CancellationToken cancellationToken)
    {
        var samples = await metrics.GetAsync(jobArn, cancellationToken);
        return samples.Where(s => s.MetricName == metricName).Select(s => s.Value).ToList();
    }

    private static List<Trial> TrialsOf(TuningRunState state, IReadOnlyList<ChildView> children, int definition) =>
        [.. state.WarmTrials[definition], .. children.Where(c => c.Entry.Definition == definition).Select(c => c.Trial)];

    /// <summary>Early stopping (Auto) and Hyperband's successive halving, each judging its own definition's trials.</summary>
    private async Task StopEarlyAsync(TuningRunState state, IReadOnlyList<ChildView> children, CancellationToken cancellationToken)
    {
        var running = children.Where(c => c.Running).Select(c => c.Entry.TrainingJobName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (running.Count == 0)
        {
            return;
        }

        foreach (var definition in state.Plan.Definitions)
        {
            var trials = TrialsOf(state, children, definition.Index);
            var stop = state.Strategies[definition.Index].TrialsToStop(trials)
                .Concat(state.Rules[definition.Index]?.TrialsToStop(trials) ?? []);
            foreach (var id in stop.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (running.Contains(id) && !state.StopRequested.Contains(id))
                {
                    await StopTrainingJobAsync(state, id, cancellationToken);
                }
            }
        }
    }

    private async Task StopTrainingJobAsync(TuningRunState state, string name, CancellationToken cancellationToken)
    {
        state.StopRequested.Add(name);
        try
        {
            await training.StopAsync(name, cancellationToken);
        }
        catch (AwsException)
        {
            // It ended on its own meanwhile; nothing to stop.
        }
    }

    /// <summary>The completion criteria, MaxRuntimeInSeconds and repeated failures; null to carry on.</summary>
    private TuningEnding? Decide(StoredTuningJob stored, TuningRunState state, IReadOnlyList<ChildView> children)
    {
        var config = stored.Job.HyperParameterTuningJobConfig;
        var direction = state.Plan.Definitions[0].Direction;
        var progress = TuningProgress.Of(children.Select(c => c.Summary).ToList(), direction);
        var criteria = config.TuningJobCompletionCriteria;
        var completed = new TuningEnding(HyperParameterTuningJobStatus.Completed, null);
        if (criteria?.TargetObjectiveMetricValue is { } target && progress.BestTrainingJob?.FinalHyperParameterTuningJobObjectiveMetric is { } best
            && (direction == ObjectiveDirection.Maximize ? best.Value >= target : best.Value <= target))
        {
            return completed;
        }

        if (criteria?.BestObjectiveNotImproving?.MaxNumberOfTrainingJobsNotImproving is { } patience
            && progress.NumberOfTrainingJobsObjectiveNotImproving >= patience)
        {
            return completed;
        }

        if (criteria?.ConvergenceDetected?.CompleteOnConvergence == "Enabled" && progress.Converged(direction))
        {
            state.ConvergenceDetectedTime = Time.GetUtcNow();
            return completed;
        }

        if (config.ResourceLimits?.MaxRuntimeInSeconds is { } limit && Time.GetUtcNow() - stored.Job.CreationTime >= TimeSpan.FromSeconds(limit))
        {
            return completed;
        }

        var failed = children.Where(c => c.Trial.State == TrialState.Failed).ToList();
        if (progress.ObjectiveStatusCounters.Succeeded == 0 && failed.Count >= Math.Min(FailedTrainingJobsBeforeGivingUp, state.Plan.MaxNumberOfTrainingJobs))
        {
            return AllFailed(failed);
        }

        return null;
    }

    /// <summary>The end of a search that ran out of jobs to launch: Completed, unless every training job failed.</summary>
    private static TuningEnding Finished(IReadOnlyList<ChildView> children)
    {
        var failed = children.Where(c => c.Trial.State == TrialState.Failed).ToList();
        return failed.Count > 0 && !children.Any(c => c.Summary.ObjectiveStatus == ChildTrainingJobs.Succeeded)
            ? AllFailed(failed)
            : new TuningEnding(HyperParameterTuningJobStatus.Completed, null);
    }

    private static TuningEnding AllFailed(IReadOnlyList<ChildView> failed)
    {
        var first = failed[0].Summary;
        var reason = $"All {failed.Count} training jobs launched so far failed; the first, {first.TrainingJobName}, failed with: {first.FailureReason ?? "no reason given"}";
        return new TuningEnding(HyperParameterTuningJobStatus.Failed, reason.Length <= 1024 ? reason : reason[..1021] + "...");
    }

    /// <summary>Asks each definition's strategy for its share of the free slots and creates those training jobs.</summary>
    private async Task<List<TuningChild>> LaunchAsync(StoredTuningJob stored, TuningRunState state, IReadOnlyList<ChildView> children, CancellationToken cancellationToken)
    {
        var plan = state.Plan;
        var free = Math.Min(plan.MaxParallelTrainingJobs - children.Count(c => c.Running), plan.MaxNumberOfTrainingJobs - stored.Children.Count);
        var launched = new List<TuningChild>();
        if (free <= 0)
        {
            return launched;
        }

        // Round robin over the definitions, starting where the last launch left off.
        var shares = new int[plan.Definitions.Count];
        for (var i = 0; i < free; i++)
        {
            shares[(stored.Children.Count + i) % shares.Length]++;
        }

        var name = stored.Job.HyperParameterTuningJobName;
        var tags = (await metadata.GetTagsAsync(stored.Job.HyperParameterTuningJobArn, cancellationToken))
            .Select(t => new Tag { Key = t.Key, Value = t.Value })
            .ToList();
        foreach (var definition in plan.Definitions)
        {
            if (shares[definition.Index] == 0)
            {
                continue;
            }

            var proposals = state.Strategies[definition.Index].Propose(shares[definition.Index], TrialsOf(state, children, definition.Index));
            foreach (var proposal in proposals.Take(shares[definition.Index]))
            {
                var childName = ChildTrainingJobs.Name(name, stored.Children.Count + launched.Count + 1, RandomNumberGenerator.GetBytes(4));
                var request = ChildTrainingJobs.Request(
                    definition.Definition,
                    childName,
                    ChildTrainingJobs.HyperParameters(definition.Definition, proposal),
                    tags.Count > 0 ? tags : null);
                try
                {
                    await training.CreateAsync(request, stored.Job.HyperParameterTuningJobArn, cancellationToken);
                }
                catch (AwsException refused)
                {
                    state.Ending = new TuningEnding(HyperParameterTuningJobStatus.Failed, $"The training job {childName} could not be created: {refused.Message}");
                    break;
                }

                launched.Add(new TuningChild(childName, definition.Index));
            }

            if (state.Ending is not null)
            {
                break;
            }
        }

        if (launched.Count > 0)
        {
            await jobs.UpdateAsync(name, s => s with { Children = [.. s.Children, .. launched] }, cancellationToken);
        }

        return launched;
    }

    private async Task RecordAsync(string name, TuningRunState state, IReadOnlyList<ChildView> children, bool final, CancellationToken cancellationToken)
    {
        var direction = state.Plan.Definitions[0].Direction;
        var progress = TuningProgress.Of(children.Select(c => c.Summary).ToList(), direction);
        var now = Time.GetUtcNow();
        await jobs.UpdateAsync(name, s =>
        {
            if (HyperParameterTuningJobStatus.IsFinal(s.Job.HyperParameterTuningJobStatus))
            {
                return null;
            }

            var job = s.Job with
            {
                TrainingJobStatusCounters = progress.TrainingJobStatusCounters,
                ObjectiveStatusCounters = progress.ObjectiveStatusCounters,
                BestTrainingJob = progress.BestTrainingJob,
                OverallBestTrainingJob = s.Job.WarmStartConfig is null
                    ? null
                    : ChildTrainingJobs.Best(state.ParentBests.Prepend(progress.BestTrainingJob), direction),
                TuningJobCompletionDetails = progress.ObjectiveStatusCounters.Succeeded == 0 && state.ConvergenceDetectedTime is null
                    ? s.Job.TuningJobCompletionDetails
                    : new HyperParameterTuningJobCompletionDetails
                    {
                        NumberOfTrainingJobsObjectiveNotImproving = progress.NumberOfTrainingJobsObjectiveNotImproving,
                        ConvergenceDetectedTime = state.ConvergenceDetectedTime,
                    },
                ConsumedResources = new HyperParameterTuningJobConsumedResources { RuntimeInSeconds = Seconds(now - s.Job.CreationTime) },
            };
            var updated = s with { Job = job };
            return final ? End(updated, state.Ending!.Status, state.Ending.FailureReason, now) : updated;
        }, cancellationToken);
    }

    private static StoredTuningJob End(StoredTuningJob stored, string status, string? failureReason, DateTimeOffset now) => stored with
    {
        Job = stored.Job with
        {
            HyperParameterTuningJobStatus = status,
            FailureReason = failureReason,
            HyperParameterTuningEndTime = now,
            ConsumedResources = new HyperParameterTuningJobConsumedResources { RuntimeInSeconds = Seconds(now - stored.Job.CreationTime) },
        },
    };

    private static int Seconds(TimeSpan elapsed) => (int)Math.Max(0, Math.Round(elapsed.TotalSeconds, MidpointRounding.AwayFromZero));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A pass over tuning job {TuningJobName} failed; the next poll tries again")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string tuningJobName);
}
