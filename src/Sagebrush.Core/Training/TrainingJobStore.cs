using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Training;

/// <summary>
/// Training jobs as a <see cref="DocumentStore{T}"/> (type <c>training-job</c>; the document is the Describe shape).
/// Every update stamps LastModifiedTime, and updating a job that is gone is DescribeTrainingJob's not-found error.
/// </summary>
public sealed class TrainingJobStore(IMetadataStore store, AccountSettings account, TimeProvider time)
{
    public const string ResourceType = "training-job";

    private readonly DocumentStore<DescribeTrainingJobResponse> documents = new(
        store, account, ResourceType, TrainingJsonContext.Default.DescribeTrainingJobResponse, "training job");

    public TimeProvider Time => time;

    /// <summary>
    /// Raised after an update brought a job to an end (Completed, Failed or Stopped), with the stored job, on the
    /// updating thread: the tuning orchestrator wakes on it instead of waiting for its next poll. Handlers must be quick
    /// and must not throw.
    /// </summary>
    public event Action<DescribeTrainingJobResponse>? JobEnded;

    public string ArnOf(string name) => documents.ArnOf(name);

    public async Task<DescribeTrainingJobResponse> InsertAsync(DescribeTrainingJobResponse job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        await documents.InsertAsync(job.TrainingJobName, job, cancellationToken);
        return job;
    }

    public Task<DescribeTrainingJobResponse?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        documents.GetAsync(name, cancellationToken);

    public Task<IReadOnlyList<DescribeTrainingJobResponse>> ListAsync(CancellationToken cancellationToken = default) =>
        documents.ListAsync(cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the current document and writes it, retrying on a concurrent write.
    /// The change returns null to leave the job as it is. LastModifiedTime is stamped here. Returns the stored job.
    /// </summary>
    public async Task<DescribeTrainingJobResponse> UpdateAsync(
        string name,
        Func<DescribeTrainingJobResponse, DescribeTrainingJobResponse?> change,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        // The change may run more than once (a concurrent write retries it); its last run is the one stored.
        var endedByThisUpdate = false;
        var stored = await documents.UpdateAsync(
            name,
            job =>
            {
                var changed = change(job);
                endedByThisUpdate = changed is not null && !IsEnded(job.TrainingJobStatus) && IsEnded(changed.TrainingJobStatus);
                return changed is null ? null : changed with { LastModifiedTime = time.GetUtcNow() };
            },
            cancellationToken) ?? throw TrainingErrors.JobNotFound();
        if (endedByThisUpdate)
        {
            JobEnded?.Invoke(stored);
        }

        return stored;
    }

    private static bool IsEnded(string status) =>
        status is TrainingJobStatus.Completed or TrainingJobStatus.Failed or TrainingJobStatus.Stopped;
}
