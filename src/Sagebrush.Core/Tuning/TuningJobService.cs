using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Training;
using Sagebrush.Core.Training.Shapes;
using Sagebrush.Core.Tuning.Shapes;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// CreateHyperParameterTuningJob, DescribeHyperParameterTuningJob, ListHyperParameterTuningJobs,
/// StopHyperParameterTuningJob, DeleteHyperParameterTuningJob and ListTrainingJobsForHyperParameterTuningJob over the
/// metadata store; created jobs go to the <see cref="ITuningJobRunner"/>, which launches their training jobs.
/// Not supported yet: Autotune, more than the first of HyperParameterTuningResourceConfig's InstanceConfigs, RetryStrategy (accepted and
/// echoed; failed training jobs are not retried), the Deleting and DeleteFailed statuses (a delete is immediate).
/// </summary>
/// <param name="roles">Null in tests that do not check roles; the server always has them.</param>
/// <param name="quotas">Null in tests that do not count instances; the server always has them.</param>
public sealed class TuningJobService(TuningJobStore jobs, TrainingJobService training, IMetadataStore metadata, ITuningJobRunner runner, ExecutionRoles? roles = null, InstanceQuotas? quotas = null)
{
    public async Task<CreateHyperParameterTuningJobResponse> CreateAsync(CreateHyperParameterTuningJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        TuningJobValidator.CheckModel(request);
        request = TuningDefinitions.Normalize(request);
        var config = request.HyperParameterTuningJobConfig!;
        var plan = TuningPlan.Build(config, request.TrainingJobDefinition, request.TrainingJobDefinitions);
        TuningRules.CheckStrategy(config, plan.Definitions);
        foreach (var definition in plan.Definitions)
        {
            TuningRules.CheckDefinition(definition, request.HyperParameterTuningJobName!, single: request.TrainingJobDefinition is not null);
            if (roles is not null)
            {
                await roles.RequireAsync(definition.Definition.RoleArn, cancellationToken);
            }
        }

        if (request.WarmStartConfig is { } warmStart)
        {
            await CheckWarmStartAsync(warmStart, plan, cancellationToken);
        }

        var name = request.HyperParameterTuningJobName!;
        var arn = jobs.ArnOf(name);
        await CheckQuotasAsync(arn, plan, cancellationToken);
        var now = jobs.Time.GetUtcNow();
        var job = new DescribeHyperParameterTuningJobResponse
        {
            HyperParameterTuningJobName = name,
            HyperParameterTuningJobArn = arn,
            HyperParameterTuningJobConfig = config with { TrainingJobEarlyStoppingType = config.TrainingJobEarlyStoppingType ?? "Off" },
            TrainingJobDefinition = request.TrainingJobDefinition,
            TrainingJobDefinitions = request.TrainingJobDefinitions,
            HyperParameterTuningJobStatus = HyperParameterTuningJobStatus.InProgress,
            CreationTime = now,
            LastModifiedTime = now,
            TrainingJobStatusCounters = new TrainingJobStatusCounters(),
            ObjectiveStatusCounters = new ObjectiveStatusCounters(),
            WarmStartConfig = request.WarmStartConfig,
            ConsumedResources = new HyperParameterTuningJobConsumedResources { RuntimeInSeconds = 0 },
        };

        // Without a RandomSeed the search still gets one, drawn here and kept with the job.
        var seed = config.RandomSeed ?? Random.Shared.Next();
        try
        {
            await jobs.InsertAsync(new StoredTuningJob(job, seed, []), cancellationToken);
        }
        catch (ResourceAlreadyExistsException existing)
        {
            throw TuningErrors.DuplicateName(existing.Arn);
        }

        await CreationTags.SetAsync(metadata, arn, request.Tags, cancellationToken);

        runner.Start(name);
        return new CreateHyperParameterTuningJobResponse(arn);
    }

    /// <summary>
    /// As SageMaker does at CreateHyperParameterTuningJob: the training jobs it will run at once (MaxParallelTrainingJobs
    /// of each definition's instance type) must fit the training quotas now. The tuning job holds nothing itself; each
    /// training job is admitted again when it is created.
    /// </summary>
    private async Task CheckQuotasAsync(string arn, TuningPlan plan, CancellationToken cancellationToken)
    {
        if (quotas is null)
        {
            return;
        }

        var parallel = Math.Max(1, Math.Min(plan.MaxParallelTrainingJobs, plan.MaxNumberOfTrainingJobs));
        var claims = plan.Definitions
            .Select(d => d.Definition.ResourceConfig)
            .Where(r => r?.InstanceType is not null)
            .GroupBy(r => r!.InstanceType!)
            .SelectMany(g => Enumerable.Range(0, parallel).Select(slot =>
                new HeldInstances($"{arn}/{g.Key}/{slot}", InstanceUsage.Training, g.Key, g.Max(r => r!.InstanceCount ?? 1))))
            .ToList();
        (await quotas.AdmitAsync(claims, cancellationToken)).Dispose();
    }

    /// <summary>The definitions are shown with a built-in algorithm's metric definitions; the stored ones (which make the training jobs) are as given.</summary>
    public async Task<DescribeHyperParameterTuningJobResponse> DescribeAsync(string? name, CancellationToken cancellationToken = default)
    {
        var job = (await GetAsync(name, cancellationToken)).Job;
        return job with
        {
            TrainingJobDefinition = job.TrainingJobDefinition is { } single ? TuningDefinitions.WithAlgorithmMetrics(single) : null,
            TrainingJobDefinitions = job.TrainingJobDefinitions?.Select(TuningDefinitions.WithAlgorithmMetrics).ToList(),
        };
    }

    public async Task<ListHyperParameterTuningJobsResponse> ListAsync(ListHyperParameterTuningJobsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var all = await jobs.ListAsync(cancellationToken);
        return TuningJobQueries.ListTuningJobs(request, all.Select(s => s.Job));
    }

    /// <summary>Only an InProgress tuning job can be stopped: Stopping until its training jobs have stopped, then Stopped.</summary>
    public async Task StopAsync(string? name, CancellationToken cancellationToken = default)
    {
        TuningJobValidator.ValidateName(name);
        var stored = await jobs.UpdateAsync(
            name!,
            s => s.Job.HyperParameterTuningJobStatus == HyperParameterTuningJobStatus.InProgress
                ? s with { Job = s.Job with { HyperParameterTuningJobStatus = HyperParameterTuningJobStatus.Stopping } }
                : throw TuningErrors.NotStoppable(s.Job.HyperParameterTuningJobStatus),
            cancellationToken) ?? throw TuningErrors.NotFound(name!);
        runner.RequestStop(stored.Job.HyperParameterTuningJobName);
    }

    /// <summary>Deletes the tuning job's own entry (and its tags); its training jobs stay, as on SageMaker.</summary>
    public async Task DeleteAsync(string? name, CancellationToken cancellationToken = default)
    {
        var stored = await GetAsync(name, cancellationToken);
        if (!HyperParameterTuningJobStatus.IsFinal(stored.Job.HyperParameterTuningJobStatus))
        {
            throw TuningErrors.NotDeletable(stored.Job.HyperParameterTuningJobStatus);
        }

        if (!await jobs.DeleteAsync(name!, cancellationToken))
        {
            throw TuningErrors.NotFound(name!);
        }
    }

    public async Task<ListTrainingJobsForHyperParameterTuningJobResponse> ListTrainingJobsAsync(
        ListTrainingJobsForHyperParameterTuningJobRequest request,
        CancellationToken cancellationToken = default)
    {
        TuningJobQueries.Check(request);
        var stored = await GetAsync(request.HyperParameterTuningJobName, cancellationToken);
        var summaries = await SummariesAsync(stored, cancellationToken);
        return TuningJobQueries.ListTrainingJobs(request, summaries);
    }

    /// <summary>The training jobs a stored tuning job launched, as it sees them.</summary>
    public async Task<IReadOnlyList<HyperParameterTrainingJobSummary>> SummariesAsync(StoredTuningJob stored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var plan = TuningPlan.Of(stored.Job);
        var summaries = new List<HyperParameterTrainingJobSummary>();
        foreach (var child in stored.Children)
        {
            if (await training.FindAsync(child.TrainingJobName, cancellationToken) is { } job)
            {
                summaries.Add(ChildTrainingJobs.Summary(job, plan.Definitions[child.Definition], stored.Job.HyperParameterTuningJobName));
            }
        }

        return summaries;
    }

    private async Task<StoredTuningJob> GetAsync(string? name, CancellationToken cancellationToken)
    {
        TuningJobValidator.ValidateName(name);
        return await jobs.GetAsync(name!, cancellationToken) ?? throw TuningErrors.NotFound(name!);
    }

    /// <summary>
    /// Parents must exist, be unique, have ended, and share the objective metric. IdenticalDataAndAlgorithm also keeps
    /// the training image, the input data and the number of static plus tunable hyperparameters.
    /// </summary>
    private async Task CheckWarmStartAsync(HyperParameterTuningJobWarmStartConfig warmStart, TuningPlan plan, CancellationToken cancellationToken)
    {
        var names = warmStart.ParentHyperParameterTuningJobs!.Select(p => p.HyperParameterTuningJobName!).ToList();
        var repeated = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw TuningErrors.Validation($"The parent tuning job '{repeated.Key}' appears more than once in WarmStartConfig.ParentHyperParameterTuningJobs.");
        }

        foreach (var name in names)
        {
            var parent = await jobs.GetAsync(name, cancellationToken)
                ?? throw TuningErrors.Validation($"The parent tuning job '{name}' in WarmStartConfig does not exist.");
            var status = parent.Job.HyperParameterTuningJobStatus;
            if (!HyperParameterTuningJobStatus.IsFinal(status))
            {
                throw TuningErrors.Validation($"The parent tuning job '{name}' is in status {status}: warm start parents must have ended (Completed, Stopped or Failed).");
            }

            TuningRules.CheckParent(name, TuningPlan.Of(parent.Job), plan, warmStart.WarmStartType!);
        }
    }
}
