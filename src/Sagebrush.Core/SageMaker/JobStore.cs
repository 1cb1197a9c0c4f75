using System.Text.Json.Serialization.Metadata;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.SageMaker;

/// <summary>
/// One job kind's documents (processing, transform; the document is its Describe shape) as a
/// <see cref="DocumentStore{T}"/>: every update stamps LastModifiedTime, and updating a job that is gone is the kind's
/// not-found error.
/// </summary>
public sealed class JobStore<T>(
    IMetadataStore store,
    AccountSettings account,
    TimeProvider time,
    string resourceType,
    JsonTypeInfo<T> shape,
    Func<T, string> nameOf,
    Func<T, string> statusOf,
    Func<T, DateTimeOffset, T> stamp,
    Func<string, AwsException> notFound)
    where T : class
{
    private readonly DocumentStore<T> documents = new(store, account, resourceType, shape, resourceType.Replace('-', ' '));

    public TimeProvider Time => time;

    public string ArnOf(string name) => documents.ArnOf(name);

    public Task InsertAsync(T job, CancellationToken cancellationToken = default) => documents.InsertAsync(nameOf(job), job, cancellationToken);

    public Task<T?> GetAsync(string name, CancellationToken cancellationToken = default) => documents.GetAsync(name, cancellationToken);

    public Task<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default) => documents.ListAsync(cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) => documents.DeleteAsync(name, cancellationToken);

    /// <summary>Applies <paramref name="change"/> (null leaves the job as it is), stamping LastModifiedTime; returns the stored job.</summary>
    public async Task<T> UpdateAsync(string name, Func<T, T?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await documents.UpdateAsync(name, job => change(job) is { } changed ? stamp(changed, time.GetUtcNow()) : null, cancellationToken)
            ?? throw notFound(name);
    }

    /// <summary>
    /// On start: jobs a previous process left InProgress or Stopping, which nothing here runs, become what
    /// <paramref name="fail"/> makes of them (Failed, with the time).
    /// </summary>
    public async Task FailInterruptedAsync(Func<string, bool> running, Func<T, DateTimeOffset, T> fail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(fail);
        foreach (var job in await ListAsync(cancellationToken))
        {
            if (Interrupted(job) && !running(nameOf(job)))
            {
                await UpdateAsync(nameOf(job), current => Interrupted(current) ? fail(current, time.GetUtcNow()) : null, cancellationToken);
            }
        }
    }

    // Compilation jobs spell their statuses in upper case (INPROGRESS, STOPPING); the other jobs do not.
    private bool Interrupted(T job) =>
        string.Equals(statusOf(job), JobStatus.InProgress, StringComparison.OrdinalIgnoreCase)
        || string.Equals(statusOf(job), JobStatus.Stopping, StringComparison.OrdinalIgnoreCase);
}
