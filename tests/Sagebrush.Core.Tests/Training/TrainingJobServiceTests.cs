using Sagebrush.Core.Common;
using Sagebrush.Core.Compute;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Tests.Common;
using Sagebrush.Core.Training;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Tests.Training;

public sealed class TrainingJobServiceTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Statuses = [TrainingJobStatus.Completed, TrainingJobStatus.Failed, TrainingJobStatus.InProgress];

    [Fact]
    public async Task CreateStoresTheDescribeShapeAndEnqueuesTheRun()
    {
        var queue = new RecordingQueue();
        await using var scope = new TrainingScope(queue: queue, time: new ManualTimeProvider(Start));

        var created = await scope.Service.CreateAsync(TrainingRequests.Valid("My-Job"));

        Assert.Equal("arn:aws:sagemaker:us-east-1:000000000000:training-job/my-job", created.TrainingJobArn);
        var job = await scope.Service.DescribeAsync("My-Job");
        Assert.Equal(("My-Job", "InProgress", "Starting"), (job.TrainingJobName, job.TrainingJobStatus, job.SecondaryStatus));
        Assert.Equal(Start, job.CreationTime);
        Assert.Equal(3600, job.StoppingCondition.MaxRuntimeInSeconds);
        Assert.Equal("s3://data/train/", job.InputDataConfig![0].DataSource!.S3DataSource!.S3Uri);
        var run = Assert.Single(queue.Enqueued);
        Assert.Equal((ImageKind.ScriptMode, "sagemaker-scikit-learn", 2, "File"), (run.Image.Kind, run.Image.Name, run.CpuCount, run.Channels[0].InputMode));
    }

    [Fact]
    public async Task ADuplicateNameIsResourceInUseInAwsWords()
    {
        await using var scope = new TrainingScope(queue: new RecordingQueue());
        await scope.Service.CreateAsync(TrainingRequests.Valid("dup"));

        var error = await Assert.ThrowsAsync<AwsException>(() => scope.Service.CreateAsync(TrainingRequests.Valid("DUP")));

        Assert.Equal("ResourceInUse", error.Code);
        Assert.Equal("Training job names must be unique within an AWS account and region, and a training job with this name already exists (arn:aws:sagemaker:us-east-1:000000000000:training-job/dup)", error.Message);
    }

    [Fact]
    public async Task ABuiltInAlgorithmJobScansAndDescribesTheAlgorithmsMetrics()
    {
        var queue = new RecordingQueue();
        await using var scope = new TrainingScope(queue: queue);
        var request = TrainingRequests.Valid() with { TrainingJobName = "xgb", HyperParameters = new Dictionary<string, string> { ["num_round"] = "10" } };
        request = request with
        {
            AlgorithmSpecification = request.AlgorithmSpecification! with
            {
                TrainingImage = "sagebrush/sagemaker-xgboost:1.7-1",
                MetricDefinitions = [new MetricDefinition { Name = "mine", Regex = "mine=([0-9.]+)" }],
            },
        };

        await scope.Service.CreateAsync(request);

        Assert.Equal(ImageKind.BuiltInAlgorithm, Assert.Single(queue.Enqueued).Image.Kind);
        var scanned = Assert.Single(queue.MetricDefinitions).Select(m => m.Name).ToList();
        Assert.Equal("mine", scanned[0]);
        Assert.Contains("validation:auc", scanned);
        Assert.Contains("train:rmse", scanned);
        var described = (await scope.Service.DescribeAsync("xgb")).AlgorithmSpecification.MetricDefinitions!;
        Assert.Equal(scanned, described.Select(m => m.Name));
    }

    [Fact]
    public async Task DescribingAnUnknownJobIsRequestedResourceNotFound()
    {
        await using var scope = new TrainingScope(queue: new RecordingQueue());
        var error = await Assert.ThrowsAsync<AwsException>(() => scope.Service.DescribeAsync("nope"));
        Assert.Equal(("ValidationException", "Requested resource not found."), (error.Code, error.Message));
    }

    [Fact]
    public async Task StopMovesAnInProgressJobToStoppingAndSignalsTheQueue()
    {
        var queue = new RecordingQueue();
        await using var scope = new TrainingScope(queue: queue);
        await scope.Service.CreateAsync(TrainingRequests.Valid("stop-me"));

        await scope.Service.StopAsync("stop-me");

        var job = await scope.Service.DescribeAsync("stop-me");
        Assert.Equal(("Stopping", "Stopping"), (job.TrainingJobStatus, job.SecondaryStatus));
        Assert.Equal(["Starting", "Stopping"], job.SecondaryStatusTransitions!.Select(t => t.Status));
        Assert.NotNull(job.SecondaryStatusTransitions![0].EndTime);
        Assert.Equal(["stop-me"], queue.Stopped);
    }

    [Theory]
    [InlineData("Completed")]
    [InlineData("Stopping")]
    [InlineData("Failed")]
    public async Task StopOfAJobNotInProgressIsRejectedInAwsWords(string status)
    {
        await using var scope = new TrainingScope(queue: new RecordingQueue());
        await scope.Service.CreateAsync(TrainingRequests.Valid("done"));
        await scope.Store.UpdateAsync("done", job => job with { TrainingJobStatus = status });

        var error = await Assert.ThrowsAsync<AwsException>(() => scope.Service.StopAsync("done"));

        Assert.Equal($"The request was rejected because the training job is in status {status}.", error.Message);
    }

    [Fact]
    public async Task StopOfAnUnknownJobIsRequestedResourceNotFound()
    {
        await using var scope = new TrainingScope(queue: new RecordingQueue());
        var error = await Assert.ThrowsAsync<AwsException>(() => scope.Service.StopAsync("nope"));
        Assert.Equal("Requested resource not found.", error.Message);
    }

    private static async Task<TrainingScope> ThirtyJobsAsync(ManualTimeProvider time)
    {
        var scope = new TrainingScope(queue: new RecordingQueue(), time: time);
        for (var i = 0; i < 30; i++)
        {
            var name = $"{(i % 2 == 0 ? "even" : "odd")}-job-{i:D2}";
            await scope.Service.CreateAsync(TrainingRequests.Valid(name));
            await scope.Store.UpdateAsync(name, job => job with { TrainingJobStatus = Statuses[i % 3] });
            time.Advance(TimeSpan.FromMinutes(1));
        }

        return scope;
    }

    private static async Task<List<string>> AllPagesAsync(TrainingScope scope, ListTrainingJobsRequest request)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await scope.Service.ListAsync(request with { NextToken = token });
            Assert.True(page.TrainingJobSummaries.Count <= (request.MaxResults ?? 10));
            names.AddRange(page.TrainingJobSummaries.Select(s => s.TrainingJobName));
            token = page.NextToken;
        }
        while (token is not null);
        return names;
    }

    [Fact]
    public async Task ListDefaultsToTenNewestFirst()
    {
        await using var scope = await ThirtyJobsAsync(new ManualTimeProvider(Start));
        var page = await scope.Service.ListAsync(new ListTrainingJobsRequest());
        Assert.Equal(10, page.TrainingJobSummaries.Count);
        Assert.Equal("odd-job-29", page.TrainingJobSummaries[0].TrainingJobName);
        Assert.NotNull(page.NextToken);
    }

    [Fact]
    public async Task PagesCoverEveryJobOnceInOrder()
    {
        await using var scope = await ThirtyJobsAsync(new ManualTimeProvider(Start));
        var names = await AllPagesAsync(scope, new ListTrainingJobsRequest { MaxResults = 7, SortOrder = "Ascending" });
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"{(i % 2 == 0 ? "even" : "odd")}-job-{i:D2}"), names);
    }

    [Fact]
    public async Task PagingIsStableWhenJobsAreCreatedBetweenPages()
    {
        var time = new ManualTimeProvider(Start);
        await using var scope = await ThirtyJobsAsync(time);
        var first = await scope.Service.ListAsync(new ListTrainingJobsRequest { MaxResults = 10 });
        await scope.Service.CreateAsync(TrainingRequests.Valid("newcomer"));
        var second = await scope.Service.ListAsync(new ListTrainingJobsRequest { MaxResults = 10, NextToken = first.NextToken });
        Assert.Equal("odd-job-19", second.TrainingJobSummaries[0].TrainingJobName);
    }

    [Fact]
    public async Task NameContainsAndStatusEqualsFilter()
    {
        await using var scope = await ThirtyJobsAsync(new ManualTimeProvider(Start));
        var names = await AllPagesAsync(scope, new ListTrainingJobsRequest { NameContains = "EVEN", StatusEquals = "Completed", MaxResults = 2 });
        Assert.Equal(["even-job-24", "even-job-18", "even-job-12", "even-job-06", "even-job-00"], names);
    }

    [Fact]
    public async Task CreationTimeBoundsAreExclusive()
    {
        await using var scope = await ThirtyJobsAsync(new ManualTimeProvider(Start));
        var names = await AllPagesAsync(scope, new ListTrainingJobsRequest
        {
            CreationTimeAfter = Start.AddMinutes(10),
            CreationTimeBefore = Start.AddMinutes(14),
            SortOrder = "Ascending",
        });
        Assert.Equal(["odd-job-11", "even-job-12", "odd-job-13"], names);
    }

    [Fact]
    public async Task LastModifiedTimeFiltersOnTheLastChange()
    {
        var time = new ManualTimeProvider(Start);
        await using var scope = await ThirtyJobsAsync(time);
        time.Advance(TimeSpan.FromHours(1));
        await scope.Store.UpdateAsync("odd-job-03", job => job with { FailureReason = "touched" });
        var names = await AllPagesAsync(scope, new ListTrainingJobsRequest { LastModifiedTimeAfter = Start.AddMinutes(45) });
        Assert.Equal(["odd-job-03"], names);
        var before = await AllPagesAsync(scope, new ListTrainingJobsRequest { LastModifiedTimeBefore = Start.AddMinutes(2) });
        Assert.Equal(["odd-job-01", "even-job-00"], before);
    }

    [Fact]
    public async Task SortByNameAndStatus()
    {
        await using var scope = await ThirtyJobsAsync(new ManualTimeProvider(Start));
        var byName = await AllPagesAsync(scope, new ListTrainingJobsRequest { SortBy = "Name", SortOrder = "Ascending", MaxResults = 100 });
        Assert.Equal(byName.Order(StringComparer.OrdinalIgnoreCase), byName);
        var byStatus = await scope.Service.ListAsync(new ListTrainingJobsRequest { SortBy = "Status", SortOrder = "Ascending", MaxResults = 100 });
        var statuses = byStatus.TrainingJobSummaries.Select(s => s.TrainingJobStatus).ToList();
        Assert.Equal(statuses.Order(StringComparer.Ordinal), statuses);
        Assert.Equal(30, statuses.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task MaxResultsOutsideOneToHundredIsRejected(int max)
    {
        await using var scope = new TrainingScope(queue: new RecordingQueue());
        var error = await Assert.ThrowsAsync<AwsException>(() => scope.Service.ListAsync(new ListTrainingJobsRequest { MaxResults = max }));
        Assert.Contains("at 'maxResults' failed to satisfy constraint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForeignNextTokenIsRejected()
    {
        await using var scope = new TrainingScope(queue: new RecordingQueue());
        var error = await Assert.ThrowsAsync<AwsException>(() => scope.Service.ListAsync(new ListTrainingJobsRequest { NextToken = "bm90IGEgdG9rZW4=" }));
        Assert.Equal("ValidationException", error.Code);
    }

    [Fact]
    public async Task TagsAreAddedListedAndDeletedByArn()
    {
        await using var scope = new TrainingScope(queue: new RecordingQueue());
        var arn = (await scope.Service.CreateAsync(TrainingRequests.Valid("Tagged") with { Tags = [new Tag { Key = "team", Value = "a" }] })).TrainingJobArn;

        await scope.Tags.AddTagsAsync(new AddTagsInput(arn, [new Tag { Key = "stage", Value = "dev" }]));
        await scope.Tags.DeleteTagsAsync(new DeleteTagsInput(arn, ["team"]));

        var tags = await scope.Tags.ListTagsAsync(new ListTagsInput(arn, null, null));
        Assert.Equal([("stage", "dev")], tags.Tags.Select(t => (t.Key!, t.Value!)));
    }

    [Fact]
    public async Task TagsOfAnUnknownArnAreAValidationError()
    {
        await using var scope = new TrainingScope(queue: new RecordingQueue());
        var error = await Assert.ThrowsAsync<AwsException>(() => scope.Tags.ListTagsAsync(new ListTagsInput("arn:aws:sagemaker:us-east-1:000000000000:training-job/ghost", null, null)));
        Assert.Equal("ValidationException", error.Code);
    }
}
