using Sagebrush.Core.Common;

namespace Sagebrush.Core.SageMaker;

/// <summary>ListProcessingJobs' and ListTransformJobs' request: the same members, as the model has them.</summary>
public sealed record ListJobsRequest : IListRequest
{
    public DateTimeOffset? CreationTimeAfter { get; init; }

    public DateTimeOffset? CreationTimeBefore { get; init; }

    public DateTimeOffset? LastModifiedTimeAfter { get; init; }

    public DateTimeOffset? LastModifiedTimeBefore { get; init; }

    public string? NameContains { get; init; }

    public string? StatusEquals { get; init; }

    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }
}
