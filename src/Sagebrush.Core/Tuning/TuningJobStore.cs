using System.Text.Json;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tuning.Shapes;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// Tuning jobs as documents in the metadata store (type <c>hyper-parameter-tuning-job</c>, the ARN's own resource
/// type, so the tag operations find them). Updates re-read and retry on a concurrent write, as training jobs do.
/// </summary>
public sealed class TuningJobStore(IMetadataStore store, AccountSettings account, TimeProvider time)
{
    public const string ResourceType = "hyper-parameter-tuning-job";

    private const int MaxUpdateAttempts = 20;

    public TimeProvider Time => time;

    public string ArnOf(string name) => Arn.SageMaker(account, ResourceType, name);

    public ResourceKey KeyOf(string name) => new(account.AccountId, account.Region, ResourceType, name);

    public async Task InsertAsync(StoredTuningJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        await store.InsertAsync(KeyOf(job.Job.HyperParameterTuningJobName), job.Job.HyperParameterTuningJobArn, Serialize(job), cancellationToken);
    }

    public async Task<StoredTuningJob?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var record = await store.GetAsync(KeyOf(name), cancellationToken);
        return record is null ? null : Deserialize(record.Document);
    }

    public async Task<IReadOnlyList<StoredTuningJob>> ListAsync(CancellationToken cancellationToken = default)
    {
        var records = await store.ListAsync(account.AccountId, account.Region, ResourceType, cancellationToken);
        return records.Select(r => Deserialize(r.Document)).ToList();
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        store.DeleteAsync(KeyOf(name), cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the current document and writes it, retrying on a concurrent write; the
    /// change returns null to leave the job as it is. LastModifiedTime is stamped here. Null when the job is gone.
    /// </summary>
    public async Task<StoredTuningJob?> UpdateAsync(
        string name,
        Func<StoredTuningJob, StoredTuningJob?> change,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var key = KeyOf(name);
        for (var attempt = 1; ; attempt++)
        {
            var record = await store.GetAsync(key, cancellationToken);
            if (record is null)
            {
                return null;
            }

            var current = Deserialize(record.Document);
            var changed = change(current);
            if (changed is null)
            {
                return current;
            }

            changed = changed with { Job = changed.Job with { LastModifiedTime = time.GetUtcNow() } };
            try
            {
                await store.UpdateAsync(key, record.Version, Serialize(changed), cancellationToken);
                return changed;
            }
            catch (ConcurrencyException) when (attempt < MaxUpdateAttempts)
            {
                // Someone else wrote between our read and write: read again and re-apply the change.
            }
        }
    }

    private static string Serialize(StoredTuningJob job) =>
        JsonSerializer.Serialize(job, TuningJsonContext.Default.StoredTuningJob);

    private static StoredTuningJob Deserialize(string document) =>
        JsonSerializer.Deserialize(document, TuningJsonContext.Default.StoredTuningJob)
        ?? throw new InvalidDataException("A stored tuning job document is null.");
}
