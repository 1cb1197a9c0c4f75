using System.Text.Json.Serialization.Metadata;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Hosting;

/// <summary>
/// One hosting resource type (<c>model</c>, <c>endpoint-config</c>, <c>endpoint</c>) as a <see cref="DocumentStore{T}"/>:
/// API calls and the endpoint supervisor update it through the same retrying loop.
/// </summary>
public sealed class HostingStore<T>(IMetadataStore store, AccountSettings account, string resourceType, JsonTypeInfo<T> shape)
    : DocumentStore<T>(store, account, resourceType, shape, resourceType)
    where T : class;
