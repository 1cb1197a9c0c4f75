namespace Sagebrush.Core.Storage.Metadata;

/// <summary>
/// Durable store for SageMaker resources (training jobs, models, endpoints, ...), each kept as a JSON document
/// under its type and name. Names are unique per account, region and type. SQLite implements it now; the
/// contract is plain enough for PostgreSQL. Optimistic concurrency: updates name the version they read.
/// </summary>
public interface IMetadataStore
{
    /// <summary>Throws <c>ResourceInUse</c> when a resource of that type and name exists.</summary>
    Task<ResourceRecord> InsertAsync(ResourceKey key, string arn, string document, CancellationToken cancellationToken = default);

    Task<ResourceRecord?> GetAsync(ResourceKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the document if the stored version is still <paramref name="expectedVersion"/>; returns the new
    /// record, or throws <see cref="ConcurrencyException"/> when somebody else wrote first.
    /// </summary>
    Task<ResourceRecord> UpdateAsync(ResourceKey key, long expectedVersion, string document, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(ResourceKey key, CancellationToken cancellationToken = default);

    /// <summary>All resources of one type in an account and region, ordered by creation time then name.</summary>
    Task<IReadOnlyList<ResourceRecord>> ListAsync(string account, string region, string type, CancellationToken cancellationToken = default);

    /// <summary>Adds or overwrites tags on a resource ARN.</summary>
    Task SetTagsAsync(string arn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);

    Task RemoveTagsAsync(string arn, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Tags in the order they were first added.</summary>
    Task<IReadOnlyList<KeyValuePair<string, string>>> GetTagsAsync(string arn, CancellationToken cancellationToken = default);
}

public sealed record ResourceKey(string Account, string Region, string Type, string Name);

public sealed record ResourceRecord(ResourceKey Key, string Arn, string Document, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt, long Version);

public sealed class ConcurrencyException(ResourceKey key) : Exception($"{key.Type} '{key.Name}' was modified concurrently.")
{
    public ResourceKey Key { get; } = key;
}
