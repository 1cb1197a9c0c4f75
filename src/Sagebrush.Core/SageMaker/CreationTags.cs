using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.SageMaker;

/// <summary>The Tags member every Create* operation has: written on the new resource's ARN once the resource exists.</summary>
public static class CreationTags
{
    /// <summary>Nothing to write when the request has no tags.</summary>
    public static async Task SetAsync(IMetadataStore metadata, string arn, IReadOnlyList<Tag>? tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (tags is { Count: > 0 })
        {
            await metadata.SetTagsAsync(arn, tags.ToDictionary(t => t.Key!, t => t.Value!, StringComparer.Ordinal), cancellationToken);
        }
    }
}
