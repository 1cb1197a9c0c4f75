using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sagebrush.Core.Common;

namespace Sagebrush.Core.Storage.Metadata;

/// <summary>
/// One SageMaker resource type as typed JSON documents in the metadata store. The type is the ARN's own resource type
/// (<c>training-job</c>, <c>endpoint</c>, ...), so the tag operations find the resources by ARN. Updates re-read and
/// retry when another writer got there first, so API calls and the background workers (scheduler, orchestrator,
/// endpoint supervisor) never lose each other's changes.
/// </summary>
/// <param name="documentName">What the error for a null stored document calls it (<c>training job</c>).</param>
public class DocumentStore<T>(IMetadataStore store, AccountSettings account, string resourceType, JsonTypeInfo<T> shape, string documentName)
    where T : class
{
    private const int MaxUpdateAttempts = 20;

    public string ResourceType => resourceType;

    public string ArnOf(string name) => Arn.SageMaker(account, resourceType, name);

    public ResourceKey KeyOf(string name) => new(account.AccountId, account.Region, resourceType, name);

    /// <summary>Throws <see cref="ResourceAlreadyExistsException"/> when a resource of that name exists.</summary>
    public Task InsertAsync(string name, T document, CancellationToken cancellationToken = default) =>
        store.InsertAsync(KeyOf(name), ArnOf(name), JsonSerializer.Serialize(document, shape), cancellationToken);

    /// <summary>Inserts the document; false when a resource of that name exists.</summary>
    public async Task<bool> TryInsertAsync(string name, T document, CancellationToken cancellationToken = default)
    {
        try
        {
            await InsertAsync(name, document, cancellationToken);
            return true;
        }
        catch (ResourceAlreadyExistsException)
        {
            return false;
        }
    }

    public async Task<T?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var record = await store.GetAsync(KeyOf(name), cancellationToken);
        return record is null ? null : Deserialize(record.Document);
    }

    public async Task<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default)
    {
        var records = await store.ListAsync(account.AccountId, account.Region, resourceType, cancellationToken);
        return records.Select(r => Deserialize(r.Document)).ToList();
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        store.DeleteAsync(KeyOf(name), cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the current document and writes it, retrying on a concurrent write. The
    /// change returns null to leave the document as it is. Returns the stored document, or null when there is none.
    /// </summary>
    public async Task<T?> UpdateAsync(string name, Func<T, T?> change, CancellationToken cancellationToken = default)
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

            try
            {
                await store.UpdateAsync(key, record.Version, JsonSerializer.Serialize(changed, shape), cancellationToken);
                return changed;
            }
            catch (ConcurrencyException) when (attempt < MaxUpdateAttempts)
            {
                // Someone else wrote between our read and write: read again and re-apply the change.
            }
        }
    }

    private T Deserialize(string document) =>
        JsonSerializer.Deserialize(document, shape) ?? throw new InvalidDataException($"A stored {documentName} document is null.");
}
