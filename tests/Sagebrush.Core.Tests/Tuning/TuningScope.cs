using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tests.Common;
using Sagebrush.Core.Tests.Training;
using Sagebrush.Core.Training;
using Sagebrush.Core.Training.Shapes;
using Sagebrush.Core.Tuning;

namespace Sagebrush.Core.Tests.Tuning;

/// <summary>
/// The tuning service and orchestrator over a temp metadata store, with training jobs that run nothing (a recording
/// queue): the test drives the orchestrator one pass at a time and ends training jobs itself, so nothing sleeps.
/// </summary>
public sealed class TuningScope : IAsyncDisposable
{
    private readonly TempDirectory directory = new();
    private readonly SqliteMetadataStore metadata;

    public TuningScope(SearchComponents? search = null, TimeProvider? time = null, TuningOptions? options = null)
    {
        Time = time ?? new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        metadata = new SqliteMetadataStore(directory.File("metadata.db"), Time);
        Metrics = new SqliteMetricHistory(directory.File("metrics.db"));
        TrainingJobs = new TrainingJobStore(metadata, new AccountSettings(), Time);
        Training = new TrainingJobService(TrainingJobs, metadata, Queue, new TrainingOptions(2, 2));
        Jobs = new TuningJobStore(metadata, new AccountSettings(), Time);
        Orchestrator = new TuningJobOrchestrator(Jobs, Training, Metrics, metadata, search ?? SearchComponents.Default, options ?? TuningOptions.Default);
        Service = new TuningJobService(Jobs, Training, metadata, Runner);
    }

    public TimeProvider Time { get; }

    public ManualTimeProvider Clock => (ManualTimeProvider)Time;

    public RecordingQueue Queue { get; } = new();

    public RecordingRunner Runner { get; } = new();

    public SqliteMetricHistory Metrics { get; }

    public TrainingJobStore TrainingJobs { get; }

    public TrainingJobService Training { get; }

    public TuningJobStore Jobs { get; }

    public TuningJobOrchestrator Orchestrator { get; }

    public TuningJobService Service { get; }

    public IMetadataStore Metadata => metadata;

    public Task<bool> StepAsync(string name) => Orchestrator.StepAsync(name);

    public async Task<IReadOnlyList<DescribeTrainingJobResponse>> ChildrenAsync(string name)
    {
        var stored = await Jobs.GetAsync(name) ?? throw new InvalidOperationException(name);
        var children = new List<DescribeTrainingJobResponse>();
        foreach (var child in stored.Children)
        {
            children.Add((await TrainingJobs.GetAsync(child.TrainingJobName))!);
        }

        return children;
    }

    /// <summary>Ends a training job as the scheduler would, with the objective values it logged, in order.</summary>
    public async Task EndAsync(string trainingJob, string status, params double[] losses)
    {
        var job = (await TrainingJobs.GetAsync(trainingJob))!;
        var start = Time.GetUtcNow();
        await Metrics.AppendAsync(job.TrainingJobArn, losses.Select((v, i) => new MetricSample("loss", v, start.AddSeconds(i))).ToList());
        await TrainingJobs.UpdateAsync(trainingJob, j => TrainingTransitions.Enter(j, status, status, status, Time.GetUtcNow(), final: true) with
        {
            TrainingEndTime = Time.GetUtcNow(),
            FailureReason = status == TrainingJobStatus.Failed ? "AlgorithmError: boom" : null,
            FinalMetricDataList = losses.Length == 0 ? null : [new MetricData { MetricName = "loss", Value = losses[^1], Timestamp = start }],
        });
    }

    /// <summary>Reports objective values of a job that is still running.</summary>
    public async Task ReportAsync(string trainingJob, params double[] losses)
    {
        var job = (await TrainingJobs.GetAsync(trainingJob))!;
        await Metrics.AppendAsync(job.TrainingJobArn, losses.Select(v => new MetricSample("loss", v, Time.GetUtcNow())).ToList());
    }

    public async ValueTask DisposeAsync()
    {
        await Orchestrator.ShutdownAsync(TimeSpan.FromSeconds(5));
        Orchestrator.Dispose();
        Metrics.Dispose();
        metadata.Dispose();
        directory.Dispose();
    }
}
