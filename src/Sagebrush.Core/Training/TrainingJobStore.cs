using System.Text.Json;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Training;

/// <summary>
/// Training jobs as documents in the metadata store (type <c>training-job</c>; the document is the Describe shape).
/// Updates re-read and retry when another writer got there first, so the API and the scheduler never lose a change.
/// </summary>
public sealed class TrainingJobStore(IMetadataStore store, AccountSettings account, TimeProvider time)
{
    public const string ResourceType = "training-job";

    private const int MaxUpdateAttempts = 20;

    public TimeProvider Time => time;

    /// <summary>
    /// Raised after an update brought a job to an end (Completed, Failed or Stopped), with the stored job, on the
    /// updating thread: the tuning orchestrator wakes on it instead of waiting for its next poll. Handlers must be quick
    /// and must not throw.
    /// </summary>
    public event Action<DescribeTrainingJobResponse>? JobEnded;

    public string ArnOf(string name) => Arn.SageMaker(account, ResourceType, name);

    public ResourceKey KeyOf(string name) => new(account.AccountId, account.Region, ResourceType, name);

    public async Task<DescribeTrainingJobResponse> InsertAsync(DescribeTrainingJobResponse job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        await store.InsertAsync(KeyOf(job.TrainingJobName), job.TrainingJobArn, Serialize(job), cancellationToken);
        return job;
    }

    public async Task<DescribeTrainingJobResponse?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var record = await store.GetAsync(KeyOf(name), cancellationToken);
        return record is null ? null : Deserialize(record.Document);
    }

    public async Task<IReadOnlyList<DescribeTrainingJobResponse>> ListAsync(CancellationToken cancellationToken = default)
    {
        var records = await store.ListAsync(account.AccountId, account.Region, ResourceType, cancellationToken);
        return records.Select(r => Deserialize(r.Document)).ToList();
    }

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
        var key = KeyOf(name);
        for (var attempt = 1; ; attempt++)
        {
            var record = await store.GetAsync(key, cancellationToken) ?? throw TrainingErrors.JobNotFound();
            var current = Deserialize(record.Document);
            var changed = change(current);
            if (changed is null)
            {
                return current;
            }

            changed = changed with { LastModifiedTime = time.GetUtcNow() };
            try
            {
                await store.UpdateAsync(key, record.Version, Serialize(changed), cancellationToken);
                if (!IsEnded(current.TrainingJobStatus) && IsEnded(changed.TrainingJobStatus))
                {
                    JobEnded?.Invoke(changed);
                }

                return changed;
            }
            catch (ConcurrencyException) when (attempt < MaxUpdateAttempts)
            {
                // Someone else wrote between our read and write: read again and re-apply the change.
            }
        }
    }

    private static bool IsEnded(string status) =>
        status is TrainingJobStatus.Completed or TrainingJobStatus.Failed or TrainingJobStatus.Stopped;

    private static string Serialize(DescribeTrainingJobResponse job) =>
        JsonSerializer.Serialize(job, TrainingJsonContext.Default.DescribeTrainingJobResponse);

    private static DescribeTrainingJobResponse Deserialize(string document) =>
        JsonSerializer.Deserialize(document, TrainingJsonContext.Default.DescribeTrainingJobResponse)
        ?? throw new InvalidDataException("A stored training job document is null.");
}
