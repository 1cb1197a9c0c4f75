using Sagebrush.Core.Compute;
using Sagebrush.Core.Training;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Tests.Training;

public sealed class TrainingJobSchedulerTests
{
    private static readonly TrainingOutcome Completed = new(TrainingOutcomeKind.Completed, null, "s3://output/job/output/model.tar.gz", TimeSpan.FromSeconds(42));

    [Fact]
    public async Task NoMoreJobsRunThanTheLimitAndQueuedJobsShowStarting()
    {
        var executor = new GatedTrainingExecutor();
        await using var scope = new TrainingScope(executor, maxConcurrentJobs: 2);
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            await scope.Service.CreateAsync(TrainingRequests.Valid(name));
        }

        await scope.WaitForAsync("a", j => j.SecondaryStatus == "Training");
        await scope.WaitForAsync("b", j => j.SecondaryStatus == "Training");
        await Task.Delay(200);
        Assert.Equal(2, executor.Running);
        foreach (var queued in new[] { "c", "d" })
        {
            var job = await scope.Service.DescribeAsync(queued);
            Assert.Equal(("InProgress", "Starting"), (job.TrainingJobStatus, job.SecondaryStatus));
        }

        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            await WaitStartedAsync(executor, name);
            executor.Release(name, Completed);
        }

        await scope.Scheduler.WhenIdleAsync();
        Assert.Equal(2, executor.MaxRunning);
        Assert.All(await scope.Store.ListAsync(), j => Assert.Equal("Completed", j.TrainingJobStatus));
    }

    [Fact]
    public async Task ACompletedJobRecordsTimesArtifactsAndTransitions()
    {
        var executor = new GatedTrainingExecutor();
        await using var scope = new TrainingScope(executor);
        await scope.Service.CreateAsync(TrainingRequests.Valid("done") with { ResourceConfig = new ResourceConfig { InstanceType = "ml.m5.large", InstanceCount = 2, VolumeSizeInGB = 1 } });
        await WaitStartedAsync(executor, "done");
        executor.Release("done", Completed);
        await scope.Scheduler.WhenIdleAsync();

        var job = await scope.Service.DescribeAsync("done");
        Assert.Equal(("Completed", "Completed"), (job.TrainingJobStatus, job.SecondaryStatus));
        Assert.Equal("s3://output/job/output/model.tar.gz", job.ModelArtifacts!.S3ModelArtifacts);
        Assert.Equal((42, 42), (job.TrainingTimeInSeconds, job.BillableTimeInSeconds));
        Assert.NotNull(job.TrainingStartTime);
        Assert.NotNull(job.TrainingEndTime);
        Assert.Equal(["Starting", "Downloading", "Training", "Completed"], job.SecondaryStatusTransitions!.Select(t => t.Status));
        Assert.All(job.SecondaryStatusTransitions!, t => Assert.NotNull(t.EndTime));
    }

    [Theory]
    [InlineData(TrainingOutcomeKind.Failed, "Failed", "Failed")]
    [InlineData(TrainingOutcomeKind.Stopped, "Stopped", "Stopped")]
    [InlineData(TrainingOutcomeKind.MaxRuntimeExceeded, "Stopped", "MaxRuntimeExceeded")]
    public async Task OutcomesMapToSageMakerStatuses(TrainingOutcomeKind kind, string status, string secondary)
    {
        var executor = new GatedTrainingExecutor();
        await using var scope = new TrainingScope(executor);
        await scope.Service.CreateAsync(TrainingRequests.Valid("ended"));
        await WaitStartedAsync(executor, "ended");
        executor.Release("ended", new TrainingOutcome(kind, kind == TrainingOutcomeKind.Failed ? "AlgorithmError: boom" : null, null, TimeSpan.FromSeconds(3)));
        await scope.Scheduler.WhenIdleAsync();

        var job = await scope.Service.DescribeAsync("ended");
        Assert.Equal((status, secondary), (job.TrainingJobStatus, job.SecondaryStatus));
        Assert.Equal(kind == TrainingOutcomeKind.Failed ? "AlgorithmError: boom" : null, job.FailureReason);
    }

    [Fact]
    public async Task StopCancelsARunningJobWhichEndsStopped()
    {
        var executor = new GatedTrainingExecutor();
        await using var scope = new TrainingScope(executor);
        await scope.Service.CreateAsync(TrainingRequests.Valid("running"));
        await scope.WaitForAsync("running", j => j.SecondaryStatus == "Training");

        await scope.Service.StopAsync("running");
        await scope.Scheduler.WhenIdleAsync();

        var job = await scope.Service.DescribeAsync("running");
        Assert.Equal(("Stopped", "Stopped"), (job.TrainingJobStatus, job.SecondaryStatus));
        Assert.Contains("Stopping", job.SecondaryStatusTransitions!.Select(t => t.Status));
    }

    [Fact]
    public async Task StopOfAQueuedJobEndsItWithoutRunning()
    {
        var executor = new GatedTrainingExecutor();
        await using var scope = new TrainingScope(executor, maxConcurrentJobs: 1);
        await scope.Service.CreateAsync(TrainingRequests.Valid("first"));
        await scope.Service.CreateAsync(TrainingRequests.Valid("queued"));
        await WaitStartedAsync(executor, "first");

        await scope.Service.StopAsync("queued");
        var job = await scope.WaitForAsync("queued", j => j.TrainingJobStatus == "Stopped");

        Assert.Null(job.TrainingStartTime);
        Assert.DoesNotContain("queued", executor.Started);
        executor.Release("first", Completed);
    }

    [Fact]
    public async Task RecoveryFailsJobsAPreviousServerLeftRunning()
    {
        await using var scope = new TrainingScope(new GatedTrainingExecutor(), queue: new RecordingQueue());
        await scope.Service.CreateAsync(TrainingRequests.Valid("was-running"));
        await scope.Service.CreateAsync(TrainingRequests.Valid("was-stopping"));
        await scope.Service.StopAsync("was-stopping");
        await scope.Service.CreateAsync(TrainingRequests.Valid("was-done"));
        await scope.Store.UpdateAsync("was-done", j => j with { TrainingJobStatus = "Completed", SecondaryStatus = "Completed" });

        await scope.Scheduler.RecoverAsync();

        foreach (var name in new[] { "was-running", "was-stopping" })
        {
            var job = await scope.Service.DescribeAsync(name);
            Assert.Equal(("Failed", "Failed", "the server restarted"), (job.TrainingJobStatus, job.SecondaryStatus, job.FailureReason));
        }

        Assert.Equal("Completed", (await scope.Service.DescribeAsync("was-done")).TrainingJobStatus);
    }

    [Fact]
    public async Task MetricRegexesFillTheHistoryAndFinalMetricDataList()
    {
        var executor = new GatedTrainingExecutor { Lines = ["epoch 1 loss=0.9 acc=0.5", "noise", "epoch 2 loss=0.4 acc=0.75", "epoch 3 loss=0.25"] };
        await using var scope = new TrainingScope(executor);
        var request = TrainingRequests.Valid("metrics");
        request = request with
        {
            AlgorithmSpecification = request.AlgorithmSpecification! with
            {
                MetricDefinitions =
                [
                    new MetricDefinition { Name = "train:loss", Regex = @"loss=([0-9.]+)" },
                    new MetricDefinition { Name = "train:acc", Regex = @"acc=([0-9.]+)" },
                ],
            },
        };
        var arn = (await scope.Service.CreateAsync(request)).TrainingJobArn;
        await WaitStartedAsync(executor, "metrics");
        executor.Release("metrics", Completed);
        await scope.Scheduler.WhenIdleAsync();

        var history = await scope.Metrics.GetAsync(arn);
        Assert.Equal([0.9, 0.4, 0.25], history.Where(s => s.MetricName == "train:loss").Select(s => s.Value));
        Assert.Equal([0.5, 0.75], history.Where(s => s.MetricName == "train:acc").Select(s => s.Value));
        var final = (await scope.Service.DescribeAsync("metrics")).FinalMetricDataList!;
        Assert.Equal([("train:loss", 0.25), ("train:acc", 0.75)], final.Select(m => (m.MetricName, m.Value)));
    }

    [Fact]
    public async Task LogLinesGoToTheJobsStreamInBatches()
    {
        var lines = Enumerable.Range(0, 250).Select(i => $"line {i}").ToList();
        var executor = new GatedTrainingExecutor { Lines = lines };
        await using var scope = new TrainingScope(executor);
        await scope.Service.CreateAsync(TrainingRequests.Valid("chatty"));
        await WaitStartedAsync(executor, "chatty");
        executor.Release("chatty", Completed);
        await scope.Scheduler.WhenIdleAsync();

        var job = await scope.Service.DescribeAsync("chatty");
        var stream = Assert.Single(scope.Logs.Streams(TrainingJobObserver.LogGroup));
        Assert.Equal($"chatty/algo-1-{job.TrainingStartTime!.Value.ToUnixTimeSeconds()}", stream);
        Assert.Equal(lines, scope.Logs.Events(TrainingJobObserver.LogGroup, stream).Select(e => e.Message));
        Assert.InRange(scope.Logs.AppendCalls, 3, 10);
    }

    [Fact]
    public async Task WithoutAnExecutorJobsFailWithAClearReason()
    {
        await using var scope = new TrainingScope(executor: null);
        await scope.Service.CreateAsync(TrainingRequests.Valid("orphan"));
        var job = await scope.WaitForAsync("orphan", j => j.TrainingJobStatus != "InProgress");
        Assert.Equal(("Failed", TrainingJobScheduler.NoExecutorFailureReason), (job.TrainingJobStatus, job.FailureReason));
    }

    private static async Task WaitStartedAsync(GatedTrainingExecutor executor, string name)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!executor.Started.Contains(name))
        {
            await Task.Delay(10, limit.Token);
        }
    }
}
