using Sagebrush.Core.Common;
using Sagebrush.Core.Compute.Jobs;
using Sagebrush.Core.Processing;
using Sagebrush.Core.Processing.Shapes;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.SageMaker;

public sealed class JobStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory directory = new();
    private readonly ManualTimeProvider clock = new(Start);

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task OnStartJobsLeftInProgressOrStoppingFailUnlessTheyStillRun()
    {
        using var metadata = new SqliteMetadataStore(directory.File("metadata.db"), clock);
        var jobs = ProcessingJobStore.Create(metadata, new AccountSettings(), clock);
        foreach (var (name, status) in new[] { ("left", JobStatus.InProgress), ("stopping", JobStatus.Stopping), ("running", JobStatus.InProgress), ("done", JobStatus.Completed) })
        {
            await jobs.InsertAsync(new DescribeProcessingJobResponse
            {
                ProcessingJobName = name,
                ProcessingJobArn = jobs.ArnOf(name),
                ProcessingJobStatus = status,
                ProcessingResources = new ProcessingResources(),
                AppSpecification = new AppSpecification(),
                CreationTime = Start,
            });
        }

        clock.Advance(TimeSpan.FromMinutes(5));
        await jobs.FailInterruptedAsync(
            name => name == "running",
            (job, now) => job with { ProcessingJobStatus = JobStatus.Failed, FailureReason = JobFailures.ServerRestarted, ProcessingEndTime = now });

        var after = (await jobs.ListAsync()).ToDictionary(j => j.ProcessingJobName);
        Assert.Equal((JobStatus.Failed, JobFailures.ServerRestarted, Start.AddMinutes(5)), (after["left"].ProcessingJobStatus, after["left"].FailureReason, after["left"].ProcessingEndTime!.Value));
        Assert.Equal(JobStatus.Failed, after["stopping"].ProcessingJobStatus);
        Assert.Equal(Start.AddMinutes(5), after["stopping"].LastModifiedTime);
        Assert.Equal((JobStatus.InProgress, null), (after["running"].ProcessingJobStatus, after["running"].FailureReason));
        Assert.Equal((JobStatus.Completed, null), (after["done"].ProcessingJobStatus, after["done"].ProcessingEndTime));
    }
}
