using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tuning.Shapes;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// Tuning jobs as a <see cref="DocumentStore{T}"/> (type <c>hyper-parameter-tuning-job</c>, the ARN's own resource
/// type, so the tag operations find them). Every update stamps the job's LastModifiedTime, as training jobs do.
/// </summary>
public sealed class TuningJobStore(IMetadataStore store, AccountSettings account, TimeProvider time)
{
    public const string ResourceType = "hyper-parameter-tuning-job";

    private readonly DocumentStore<StoredTuningJob> documents = new(
        store, account, ResourceType, TuningJsonContext.Default.StoredTuningJob, "tuning job");

    public TimeProvider Time => time;

    public string ArnOf(string name) => documents.ArnOf(name);

    public Task InsertAsync(StoredTuningJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return documents.InsertAsync(job.Job.HyperParameterTuningJobName, job, cancellationToken);
    }

    public Task<StoredTuningJob?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        documents.GetAsync(name, cancellationToken);

    public Task<IReadOnlyList<StoredTuningJob>> ListAsync(CancellationToken cancellationToken = default) =>
        documents.ListAsync(cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        documents.DeleteAsync(name, cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the current document and writes it, retrying on a concurrent write; the
    /// change returns null to leave the job as it is. LastModifiedTime is stamped here. Null when the job is gone.
    /// </summary>
    public Task<StoredTuningJob?> UpdateAsync(
        string name,
        Func<StoredTuningJob, StoredTuningJob?> change,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return documents.UpdateAsync(
            name,
            stored => change(stored) is { } changed ? changed with { Job = changed.Job with { LastModifiedTime = time.GetUtcNow() } } : null,
            cancellationToken);
    }
}
