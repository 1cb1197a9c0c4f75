using Sagebrush.Core.Common;
using Sagebrush.Core.Compute;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tests.Common;
using Sagebrush.Core.Training;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Tests.Training;

/// <summary>A metadata store in a temp dir, the training service and a scheduler over it, for one test.</summary>
public sealed class TrainingScope : IAsyncDisposable
{
    private readonly TempDirectory directory = new();
    private readonly SqliteMetadataStore metadata;

    public TrainingScope(ITrainingExecutor? executor = null, int maxConcurrentJobs = 2, TimeProvider? time = null, ITrainingJobQueue? queue = null)
    {
        Time = time ?? TimeProvider.System;
        metadata = new SqliteMetadataStore(directory.File("metadata.db"), Time);
        Metrics = new SqliteMetricHistory(directory.File("metrics.db"));
        Store = new TrainingJobStore(metadata, new AccountSettings(), Time);
        Scheduler = new TrainingJobScheduler(Store, executor, Logs, Metrics, new TrainingOptions(maxConcurrentJobs, 4));
        Service = new TrainingJobService(Store, metadata, queue ?? Scheduler, new TrainingOptions(maxConcurrentJobs, 4));
        Tags = new SageMakerTagService(metadata, new AccountSettings());
    }

    public TimeProvider Time { get; }

    public InMemoryLogStore Logs { get; } = new();

    public SqliteMetricHistory Metrics { get; }

    public TrainingJobStore Store { get; }

    public TrainingJobScheduler Scheduler { get; }

    public TrainingJobService Service { get; }

    public SageMakerTagService Tags { get; }

    public IMetadataStore Metadata => metadata;

    /// <summary>Polls Describe until the condition holds (the scheduler works in the background).</summary>
    public async Task<DescribeTrainingJobResponse> WaitForAsync(string name, Func<DescribeTrainingJobResponse, bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var job = await Service.DescribeAsync(name);
            if (condition(job))
            {
                return job;
            }

            await Task.Delay(20, limit.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.ShutdownAsync(TimeSpan.FromSeconds(5));
        Scheduler.Dispose();
        Metrics.Dispose();
        metadata.Dispose();
        directory.Dispose();
    }
}
