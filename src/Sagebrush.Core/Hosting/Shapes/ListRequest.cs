namespace Sagebrush.Core.Hosting.Shapes;

/// <summary>
/// The members ListModels, ListEndpointConfigs and ListEndpoints share; one query (<see cref="HostingListQuery"/>)
/// applies them. The time and status filters are null where an operation does not have them.
/// </summary>
public interface IListRequest
{
    string? NextToken { get; }

    int? MaxResults { get; }

    string? SortBy { get; }

    string? SortOrder { get; }

    string? NameContains { get; }

    DateTimeOffset? CreationTimeBefore { get; }

    DateTimeOffset? CreationTimeAfter { get; }

    DateTimeOffset? LastModifiedTimeBefore => null;

    DateTimeOffset? LastModifiedTimeAfter => null;

    string? StatusEquals => null;
}
