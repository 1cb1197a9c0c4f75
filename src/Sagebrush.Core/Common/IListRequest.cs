namespace Sagebrush.Core.Common;

/// <summary>
/// The members SageMaker's List operations share (ListTrainingJobs, ListHyperParameterTuningJobs, ListModels, ...);
/// one query (<see cref="ListQuery"/>) applies them. A filter is null where an operation does not have it.
/// </summary>
public interface IListRequest
{
    string? NextToken { get; }

    int? MaxResults { get; }

    string? SortBy { get; }

    string? SortOrder { get; }

    string? NameContains => null;

    DateTimeOffset? CreationTimeBefore => null;

    DateTimeOffset? CreationTimeAfter => null;

    DateTimeOffset? LastModifiedTimeBefore => null;

    DateTimeOffset? LastModifiedTimeAfter => null;

    string? StatusEquals => null;
}
