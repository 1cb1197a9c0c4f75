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

    /// <summary>Applies <paramref name="change"/> (null leaves the job as it is), stamping LastModifiedTime; returns the stored job.</summary>
    public async Task<T> UpdateAsync(string name, Func<T, T?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await documents.UpdateAsync(name, job => change(job) is { } changed ? stamp(changed, time.GetUtcNow()) : null, cancellationToken)
            ?? throw notFound(name);
    }
}
