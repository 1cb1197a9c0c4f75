using System.Text.RegularExpressions;
using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Training;
using Sagebrush.Core.Training.Shapes;
using Sagebrush.Core.Tuning;
using Sagebrush.Core.Tuning.Shapes;

namespace Sagebrush.Core.Tests.Tuning;

public sealed class TuningJobOrchestratorTests
{
    private static CreateHyperParameterTuningJobRequest OneRange(string name = "tune", int maxJobs = 4, int parallel = 2) =>
        TuningRequests.WithConfig(c => c with
        {
            ParameterRanges = new ParameterRanges { ContinuousParameterRanges = [new ContinuousParameterRange { Name = "x", MinValue = "0", MaxValue = "100" }] },
        }, TuningRequests.Valid(name, maxJobs: maxJobs, parallel: parallel));

    [Fact]
    public async Task LaunchesMaxParallelTrainingJobsNamedLikeSageMakersWithTheTuningJobArn()
    {
        await using var scope = new TuningScope();
        var created = await scope.Service.CreateAsync(TuningRequests.Valid() with { Tags = [new Tag { Key = "team", Value = "ml" }] });

        Assert.False(await scope.StepAsync("tune"));

        var children = await scope.ChildrenAsync("tune");
        Assert.Equal(2, children.Count);
        Assert.Equal(["tune-001-", "tune-002-"], children.Select(c => c.TrainingJobName[..9]));
        Assert.All(children, c =>
        {
            Assert.Matches(new Regex("^tune-00[12]-[0-9a-f]{8}$"), c.TrainingJobName);
            Assert.Equal(created.HyperParameterTuningJobArn, c.TuningJobArn);
            Assert.Equal("\"train.py\"", c.HyperParameters!["sagemaker_program"]);
            Assert.True(double.Parse(c.HyperParameters["x"], System.Globalization.CultureInfo.InvariantCulture) is >= 0 and <= 10);
            Assert.True(int.Parse(c.HyperParameters["depth"], System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 8);
        });
        Assert.Equal(2, scope.Queue.Enqueued.Count);
        Assert.Equal(["team"], (await scope.Metadata.GetTagsAsync(children[0].TrainingJobArn)).Select(t => t.Key));
        var job = await scope.Service.DescribeAsync("tune");
        Assert.Equal((2, 2), (job.TrainingJobStatusCounters.InProgress, job.ObjectiveStatusCounters.Pending));

        // Both slots are taken: another pass launches nothing.
        Assert.False(await scope.StepAsync("tune"));
        Assert.Equal(2, (await scope.ChildrenAsync("tune")).Count);
    }

    [Fact]
    public async Task RunsToMaxNumberOfTrainingJobsAndReportsTheBestAndTheCounters()
    {
        await using var scope = new TuningScope();
        await scope.Service.CreateAsync(OneRange());
        var losses = new Queue<double>([5, 2, 7, 3]);
        var ended = new HashSet<string>();
        for (var pass = 0; pass < 10 && !await scope.StepAsync("tune"); pass++)
        {
            scope.Clock.Advance(TimeSpan.FromSeconds(10));
            foreach (var child in await scope.ChildrenAsync("tune"))
            {
                if (ended.Add(child.TrainingJobName))
                {
                    // The last job fails: it counts as NonRetryableError with a Failed objective.
                    await scope.EndAsync(child.TrainingJobName, ended.Count == 4 ? TrainingJobStatus.Failed : TrainingJobStatus.Completed, losses.Dequeue());
                }
            }
        }

        var job = await scope.Service.DescribeAsync("tune");
        var children = await scope.ChildrenAsync("tune");
        Assert.Equal("Completed", job.HyperParameterTuningJobStatus);
        Assert.Equal(4, children.Count);
        Assert.Equal(new TrainingJobStatusCounters { Completed = 3, NonRetryableError = 1 }, job.TrainingJobStatusCounters);
        Assert.Equal(new ObjectiveStatusCounters { Succeeded = 3, Failed = 1 }, job.ObjectiveStatusCounters);
        var best = job.BestTrainingJob!;
        Assert.Equal(children[1].TrainingJobName, best.TrainingJobName);
        Assert.Equal(new FinalHyperParameterTuningJobObjectiveMetric { Type = "Minimize", MetricName = "loss", Value = 2 }, best.FinalHyperParameterTuningJobObjectiveMetric);
        Assert.Equal(("Succeeded", "tune"), (best.ObjectiveStatus, best.TuningJobName));
        Assert.Equal(["x"], best.TunedHyperParameters.Keys);
        Assert.Equal(children[1].HyperParameters!["x"], best.TunedHyperParameters["x"]);
        Assert.NotNull(job.HyperParameterTuningEndTime);
        Assert.Equal((int)(job.HyperParameterTuningEndTime!.Value - job.CreationTime).TotalSeconds, job.ConsumedResources!.RuntimeInSeconds);
        Assert.Equal(1, job.TuningJobCompletionDetails!.NumberOfTrainingJobsObjectiveNotImproving);

        var byValue = await scope.Service.ListTrainingJobsAsync(new ListTrainingJobsForHyperParameterTuningJobRequest { HyperParameterTuningJobName = "tune", SortBy = "FinalObjectiveMetricValue" });
        Assert.Equal([2f, 5f, 7f], byValue.TrainingJobSummaries.Select(s => s.FinalHyperParameterTuningJobObjectiveMetric!.Value));
        var failed = await scope.Service.ListTrainingJobsAsync(new ListTrainingJobsForHyperParameterTuningJobRequest { HyperParameterTuningJobName = "tune", StatusEquals = "Failed" });
        Assert.Equal(("Failed", "AlgorithmError: boom"), (failed.TrainingJobSummaries.Single().ObjectiveStatus, failed.TrainingJobSummaries.Single().FailureReason));
        var paged = await scope.Service.ListTrainingJobsAsync(new ListTrainingJobsForHyperParameterTuningJobRequest { HyperParameterTuningJobName = "tune", MaxResults = 3, SortOrder = "Descending" });
        var rest = await scope.Service.ListTrainingJobsAsync(new ListTrainingJobsForHyperParameterTuningJobRequest { HyperParameterTuningJobName = "tune", MaxResults = 3, SortOrder = "Descending", NextToken = paged.NextToken });
        Assert.Equal(children.Select(c => c.TrainingJobName).Reverse(), paged.TrainingJobSummaries.Concat(rest.TrainingJobSummaries).Select(s => s.TrainingJobName));
        Assert.Null(rest.NextToken);
    }

    [Fact]
    public async Task ATrainingJobThatEndsWakesItsTuningJobWithoutWaitingForThePoll()
    {
        // A poll no test waits out: only the training jobs' ends move this tuning job on, one slot at a time.
        await using var scope = new TuningScope(options: new TuningOptions(TimeSpan.FromDays(1)));
        await scope.Service.CreateAsync(OneRange(maxJobs: 3, parallel: 1));
        scope.Orchestrator.Start("tune");

        for (var launched = 1; launched <= 3; launched++)
        {
            var child = await EventuallyAsync(async () => await scope.ChildrenAsync("tune") is { } children && children.Count == launched ? children[^1] : null);
            await scope.EndAsync(child.TrainingJobName, TrainingJobStatus.Completed, launched);
        }

        await scope.Orchestrator.WhenIdleAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var job = await scope.Service.DescribeAsync("tune");
        Assert.Equal(("Completed", 3), (job.HyperParameterTuningJobStatus, job.TrainingJobStatusCounters.Completed));
    }

    /// <summary>The first non-null answer of <paramref name="probe"/>, asked every 10 ms for up to two minutes.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var started = DateTime.UtcNow; DateTime.UtcNow - started < TimeSpan.FromMinutes(2); await Task.Delay(10))
        {
            if (await probe() is { } answer)
            {
                return answer;
            }
        }

        throw new TimeoutException("The tuning job did not move on.");
    }

    [Fact]
    public async Task TheSameRandomSeedProposesTheSameHyperparameters()
    {
        await using var scope = new TuningScope();
        await scope.Service.CreateAsync(TuningRequests.Valid("first"));
        await scope.Service.CreateAsync(TuningRequests.Valid("second"));
        await scope.Service.CreateAsync(TuningRequests.WithConfig(c => c with { RandomSeed = 8 }, TuningRequests.Valid("third")));
        await scope.StepAsync("first");
        await scope.StepAsync("second");
        await scope.StepAsync("third");

        static async Task<List<string>> Tuned(TuningScope scope, string name) =>
            (await scope.ChildrenAsync(name)).Select(c => $"{c.HyperParameters!["x"]}/{c.HyperParameters["depth"]}").ToList();

        Assert.Equal(await Tuned(scope, "first"), await Tuned(scope, "second"));
        Assert.NotEqual(await Tuned(scope, "first"), await Tuned(scope, "third"));
    }

    [Fact]
    public async Task EarlyStoppingAutoStopsAClearlyWorseRunningJob()
    {
        await using var scope = new TuningScope();
        await scope.Service.CreateAsync(TuningRequests.WithConfig(c => c with { TrainingJobEarlyStoppingType = "Auto" }, OneRange(maxJobs: 6, parallel: 4)));
        await scope.StepAsync("tune");
        var children = await scope.ChildrenAsync("tune");
        foreach (var done in children.Take(3))
        {
            await scope.EndAsync(done.TrainingJobName, TrainingJobStatus.Completed, 1.0, 0.8, 0.6, 0.5);
        }

        var bad = children[3].TrainingJobName;
        await scope.ReportAsync(bad, 9.0, 9.0, 8.9);
        await scope.StepAsync("tune");

        Assert.Equal([bad], scope.Queue.Stopped);
        Assert.Equal("Stopping", (await scope.TrainingJobs.GetAsync(bad))!.TrainingJobStatus);
        await scope.EndAsync(bad, TrainingJobStatus.Stopped, 9.0, 9.0, 8.9);
        await scope.StepAsync("tune");
        var job = await scope.Service.DescribeAsync("tune");
        Assert.Equal(1, job.TrainingJobStatusCounters.Stopped);
        // Stopped with its last objective value, as SageMaker counts an early-stopped job.
        var summary = (await scope.Service.ListTrainingJobsAsync(new ListTrainingJobsForHyperParameterTuningJobRequest { HyperParameterTuningJobName = "tune", StatusEquals = "Stopped" })).TrainingJobSummaries.Single();
        Assert.Equal(("Succeeded", 8.9f), (summary.ObjectiveStatus, summary.FinalHyperParameterTuningJobObjectiveMetric!.Value));
    }

    [Fact]
    public async Task TheStrategysOwnStopsEndRunningJobsAndItSeesEveryTrial()
    {
        var search = new ScriptedSearch();
        await using var scope = new TuningScope(search.Components);
        await scope.Service.CreateAsync(OneRange(maxJobs: 6, parallel: 2));
        await scope.StepAsync("tune");
        var children = await scope.ChildrenAsync("tune");
        await scope.ReportAsync(children[0].TrainingJobName, 4.0, 3.0);
        search.ToStop.Add("2");

        await scope.StepAsync("tune");

        Assert.Equal([children[1].TrainingJobName], scope.Queue.Stopped);
        var seen = search.Seen[^1];
        Assert.Equal([4.0, 3.0], seen.Single(t => t.Id == children[0].TrainingJobName).IntermediateValues);
    }

    [Theory]
    [InlineData(null, null, 1, 9)]
    [InlineData(2, 27, 2, 27)]
    public async Task HyperbandGetsItsResourcesGivenOrInferredFromEpochs(int? min, int? max, int expectedMin, int expectedMax)
    {
        var settings = new List<Sagebrush.Core.Tuning.Search.SearchSettings>();
        var search = new SearchComponents(
            s => { settings.Add(s); return Sagebrush.Core.Tuning.Search.SearchStrategies.Create(s); },
            s => Sagebrush.Core.Tuning.Search.EarlyStopping.Create(s.Direction));
        await using var scope = new TuningScope(search);
        var request = TuningRequests.WithConfig(c => c with
        {
            Strategy = "Hyperband",
            StrategyConfig = max is null ? null : new HyperParameterTuningJobStrategyConfig { HyperbandStrategyConfig = new HyperbandStrategyConfig { MinResource = min, MaxResource = max } },
        }, OneRange());
        var statics = new Dictionary<string, string>(request.TrainingJobDefinition!.StaticHyperParameters!) { ["epochs"] = "9" };
        await scope.Service.CreateAsync(request with { TrainingJobDefinition = request.TrainingJobDefinition with { StaticHyperParameters = statics } });

        await scope.StepAsync("tune");

        Assert.Equal(new Sagebrush.Core.Tuning.Search.HyperbandSettings(expectedMin, expectedMax), settings.Single().Hyperband);
        Assert.Equal(2, (await scope.ChildrenAsync("tune")).Count);
    }

    [Fact]
    public async Task ReachingTheTargetObjectiveStopsTheRestAndCompletes()
    {
        await using var scope = new TuningScope();
        await scope.Service.CreateAsync(TuningRequests.WithConfig(
            c => c with { TuningJobCompletionCriteria = new TuningJobCompletionCriteria { TargetObjectiveMetricValue = 0.5f } },
            OneRange(maxJobs: 10, parallel: 2)));
        await scope.StepAsync("tune");
        var children = await scope.ChildrenAsync("tune");
        await scope.EndAsync(children[0].TrainingJobName, TrainingJobStatus.Completed, 0.4);

        Assert.False(await scope.StepAsync("tune"));
        Assert.Equal([children[1].TrainingJobName], scope.Queue.Stopped);
        Assert.Equal(2, (await scope.ChildrenAsync("tune")).Count);

        await scope.EndAsync(children[1].TrainingJobName, TrainingJobStatus.Stopped);
        Assert.True(await scope.StepAsync("tune"));
        var job = await scope.Service.DescribeAsync("tune");
        Assert.Equal("Completed", job.HyperParameterTuningJobStatus);
        Assert.Equal(children[0].TrainingJobName, job.BestTrainingJob!.TrainingJobName);
    }

    [Fact]
    public async Task BestObjectiveNotImprovingEndsTheSearch()
    {
        await using var scope = new TuningScope();
        await scope.Service.CreateAsync(TuningRequests.WithConfig(
            c => c with { TuningJobCompletionCriteria = new TuningJobCompletionCriteria { BestObjectiveNotImproving = new BestObjectiveNotImproving { MaxNumberOfTrainingJobsNotImproving = 3 } } },
            OneRange(maxJobs: 20, parallel: 1)));
        foreach (var loss in new[] { 1.0, 2.0, 3.0, 1.5 })
        {
            Assert.False(await scope.StepAsync("tune"));
            scope.Clock.Advance(TimeSpan.FromSeconds(1));
            await scope.EndAsync((await scope.ChildrenAsync("tune"))[^1].TrainingJobName, TrainingJobStatus.Completed, loss);
        }

        Assert.True(await scope.StepAsync("tune"));
        var job = await scope.Service.DescribeAsync("tune");
        Assert.Equal(("Completed", 4), (job.HyperParameterTuningJobStatus, (await scope.ChildrenAsync("tune")).Count));
        Assert.Equal(3, job.TuningJobCompletionDetails!.NumberOfTrainingJobsObjectiveNotImproving);
    }

    [Fact]
    public async Task MaxRuntimeInSecondsEndsTheSearchOnTheTuningJobsClock()
    {
        await using var scope = new TuningScope();
        await scope.Service.CreateAsync(TuningRequests.WithConfig(
            c => c with { ResourceLimits = c.ResourceLimits! with { MaxRuntimeInSeconds = 600 } },
            OneRange(maxJobs: 10, parallel: 1)));
        await scope.StepAsync("tune");
        scope.Clock.Advance(TimeSpan.FromSeconds(599));
        Assert.False(await scope.StepAsync("tune"));
        Assert.Empty(scope.Queue.Stopped);

        scope.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await scope.StepAsync("tune"));
        var only = (await scope.ChildrenAsync("tune")).Single();
        Assert.Equal([only.TrainingJobName], scope.Queue.Stopped);
        await scope.EndAsync(only.TrainingJobName, TrainingJobStatus.Stopped, 3.0);

        Assert.True(await scope.StepAsync("tune"));
        var job = await scope.Service.DescribeAsync("tune");
        Assert.Equal(("Completed", 600), (job.HyperParameterTuningJobStatus, job.ConsumedResources!.RuntimeInSeconds));
    }

    [Fact]
    public async Task StoppingTheTuningJobStopsItsTrainingJobsThenEndsStopped()
    {
        await using var scope = new TuningScope();
        await scope.Service.CreateAsync(TuningRequests.Valid());
        await scope.StepAsync("tune");

        await scope.Service.StopAsync("tune");
        Assert.Equal(["tune"], scope.Runner.Stopped);
        Assert.Equal("Stopping", (await scope.Service.DescribeAsync("tune")).HyperParameterTuningJobStatus);
        Assert.False(await scope.StepAsync("tune"));
        var children = await scope.ChildrenAsync("tune");
        Assert.Equal(children.Select(c => c.TrainingJobName), scope.Queue.Stopped);
        Assert.Equal("Stopping", (await scope.Service.DescribeAsync("tune")).HyperParameterTuningJobStatus);

        foreach (var child in children)
        {
            await scope.EndAsync(child.TrainingJobName, TrainingJobStatus.Stopped);
        }

        Assert.True(await scope.StepAsync("tune"));
        var job = await scope.Service.DescribeAsync("tune");
        Assert.Equal(("Stopped", 2), (job.HyperParameterTuningJobStatus, job.TrainingJobStatusCounters.Stopped));
        var again = await Assert.ThrowsAsync<AwsException>(() => scope.Service.StopAsync("tune"));
        Assert.Equal("The request was rejected because the hyperparameter tuning job is in status Stopped.", again.Message);
    }

    [Fact]
    public async Task ATuningJobWhoseTrainingJobsAllFailIsFailed()
    {
        await using var scope = new TuningScope();
        await scope.Service.CreateAsync(OneRange(maxJobs: 10, parallel: 3));
        await scope.StepAsync("tune");
        foreach (var child in await scope.ChildrenAsync("tune"))
        {
            await scope.EndAsync(child.TrainingJobName, TrainingJobStatus.Failed);
        }

        Assert.True(await scope.StepAsync("tune"));
        var job = await scope.Service.DescribeAsync("tune");
        Assert.Equal("Failed", job.HyperParameterTuningJobStatus);
        Assert.StartsWith("All 3 training jobs launched so far failed; the first, tune-001-", job.FailureReason, StringComparison.Ordinal);
        Assert.EndsWith("failed with: AlgorithmError: boom", job.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GridLaunchesOneJobPerCombinationThenCompletes()
    {
        await using var scope = new TuningScope();
        await scope.Service.CreateAsync(TuningRequests.Grid());
        for (var pass = 0; pass < 10 && !await scope.StepAsync("grid"); pass++)
        {
            foreach (var child in (await scope.ChildrenAsync("grid")).Where(c => c.TrainingJobStatus == "InProgress"))
            {
                await scope.EndAsync(child.TrainingJobName, TrainingJobStatus.Completed, 1.0);
            }
        }

        Assert.Equal(["linear", "poly", "rbf"], (await scope.ChildrenAsync("grid")).Select(c => c.HyperParameters!["kernel"]).Order());
        Assert.Equal("Completed", (await scope.Service.DescribeAsync("grid")).HyperParameterTuningJobStatus);
    }

    [Fact]
    public async Task AWarmStartSeedsTheSearchWithItsParentsAndReportsTheOverallBest()
    {
        var search = new ScriptedSearch();
        await using var scope = new TuningScope(search.Components);
        await scope.Service.CreateAsync(OneRange("parent", maxJobs: 2, parallel: 2));
        await scope.StepAsync("parent");
        var parentJobs = await scope.ChildrenAsync("parent");
        await scope.EndAsync(parentJobs[0].TrainingJobName, TrainingJobStatus.Completed, 0.1);
        await scope.EndAsync(parentJobs[1].TrainingJobName, TrainingJobStatus.Failed);
        Assert.True(await scope.StepAsync("parent"));

        await scope.Service.CreateAsync(OneRange("child", maxJobs: 1, parallel: 1) with
        {
            WarmStartConfig = new HyperParameterTuningJobWarmStartConfig
            {
                WarmStartType = "IdenticalDataAndAlgorithm",
                ParentHyperParameterTuningJobs = [new ParentHyperParameterTuningJob { HyperParameterTuningJobName = "parent" }],
            },
        });
        await scope.StepAsync("child");
        var warm = search.Seen[^1].Single(t => t.State == Sagebrush.Core.Tuning.Search.TrialState.Completed);
        Assert.Equal(($"parent/{parentJobs[0].TrainingJobName}", 0.1, "1"), (warm.Id, warm.FinalValue!.Value, warm.HyperParameters["x"]));

        await scope.EndAsync((await scope.ChildrenAsync("child")).Single().TrainingJobName, TrainingJobStatus.Completed, 0.3);
        Assert.True(await scope.StepAsync("child"));
        var job = await scope.Service.DescribeAsync("child");
        Assert.Equal(0.3f, job.BestTrainingJob!.FinalHyperParameterTuningJobObjectiveMetric!.Value);
        Assert.Equal((parentJobs[0].TrainingJobName, "parent"), (job.OverallBestTrainingJob!.TrainingJobName, job.OverallBestTrainingJob.TuningJobName));
        Assert.Equal(1, job.TrainingJobStatusCounters.Completed);
    }

    [Fact]
    public async Task AfterARestartRunningTuningJobsAreFailedAndStoppingOnesStopped()
    {
        await using var scope = new TuningScope();
        await scope.Service.CreateAsync(TuningRequests.Valid("running"));
        await scope.Service.CreateAsync(TuningRequests.Valid("stopping"));
        await scope.Service.StopAsync("stopping");

        await scope.Orchestrator.RecoverAsync();

        var running = await scope.Service.DescribeAsync("running");
        Assert.Equal(("Failed", TuningJobOrchestrator.RestartFailureReason), (running.HyperParameterTuningJobStatus, running.FailureReason));
        Assert.NotNull(running.HyperParameterTuningEndTime);
        Assert.Equal("Stopped", (await scope.Service.DescribeAsync("stopping")).HyperParameterTuningJobStatus);
    }

    [Fact]
    public async Task ListingFiltersSortsAndPagesTuningJobs()
    {
        await using var scope = new TuningScope();
        foreach (var name in new[] { "alpha", "beta", "gamma" })
        {
            await scope.Service.CreateAsync(TuningRequests.Valid(name));
            scope.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await scope.Service.StopAsync("beta");
        var first = await scope.Service.ListAsync(new ListHyperParameterTuningJobsRequest { MaxResults = 2 });
        var second = await scope.Service.ListAsync(new ListHyperParameterTuningJobsRequest { MaxResults = 2, NextToken = first.NextToken });
        var stopping = await scope.Service.ListAsync(new ListHyperParameterTuningJobsRequest { StatusEquals = "Stopping" });
        var named = await scope.Service.ListAsync(new ListHyperParameterTuningJobsRequest { NameContains = "MM", SortBy = "Name", SortOrder = "Ascending" });

        Assert.Equal(["gamma", "beta", "alpha"], first.HyperParameterTuningJobSummaries.Concat(second.HyperParameterTuningJobSummaries).Select(s => s.HyperParameterTuningJobName));
        Assert.Null(second.NextToken);
        Assert.Equal(("beta", "Random"), (stopping.HyperParameterTuningJobSummaries.Single().HyperParameterTuningJobName, stopping.HyperParameterTuningJobSummaries.Single().Strategy));
        Assert.Equal(["gamma"], named.HyperParameterTuningJobSummaries.Select(s => s.HyperParameterTuningJobName));
    }

    [Fact]
    public async Task DeletingRemovesAnEndedTuningJobButNotItsTrainingJobs()
    {
        await using var scope = new TuningScope();
        await scope.Service.CreateAsync(TuningRequests.Valid());
        await scope.StepAsync("tune");
        var running = await Assert.ThrowsAsync<AwsException>(() => scope.Service.DeleteAsync("tune"));
        await scope.Service.StopAsync("tune");
        await scope.StepAsync("tune");
        foreach (var child in await scope.ChildrenAsync("tune"))
        {
            await scope.EndAsync(child.TrainingJobName, TrainingJobStatus.Stopped);
        }

        await scope.StepAsync("tune");
        var children = await scope.ChildrenAsync("tune");

        await scope.Service.DeleteAsync("tune");

        Assert.StartsWith("The request was rejected because the hyperparameter tuning job is in status InProgress", running.Message, StringComparison.Ordinal);
        Assert.Equal("ResourceNotFound", (await Assert.ThrowsAsync<AwsException>(() => scope.Service.DescribeAsync("tune"))).Code);
        Assert.All(children, c => Assert.NotNull(scope.TrainingJobs.GetAsync(c.TrainingJobName).Result));
    }
}
