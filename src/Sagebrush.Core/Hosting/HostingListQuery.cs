using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Hosting;

/// <summary>
/// ListModels', ListEndpointConfigs' and ListEndpoints' checks; their filters, order (default: newest first) and pages
/// are the <see cref="ListQuery"/> every List operation shares.
/// </summary>
public static class HostingListQuery
{
    private const string InvalidToken = "Invalid pagination token: NextToken must come from a previous response of the same operation with the same SortBy.";

    private static readonly IReadOnlyList<string> SortOrders = ["Ascending", "Descending"];

    /// <param name="sortKeys">The operation's SortBy enum (Status only for endpoints).</param>
    /// <param name="statuses">EndpointStatus for StatusEquals, or null when the operation has no status.</param>
    public static ListQuery Parse(IListRequest request, IReadOnlyList<string> sortKeys, IReadOnlyList<string>? statuses = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sortKeys);
        var errors = new ConstraintErrors();
        errors.Minimum(request.MaxResults, "maxResults", 1);
        errors.Maximum(request.MaxResults, "maxResults", 100);
        errors.Length(request.NameContains, "nameContains", 0, 63);
        errors.Pattern(request.NameContains, "nameContains", "[a-zA-Z0-9-]+");
        errors.Enum(request.SortBy, "sortBy", sortKeys);
        errors.Enum(request.SortOrder, "sortOrder", SortOrders);
        if (statuses is not null)
        {
            errors.Enum(request.StatusEquals, "statusEquals", statuses);
        }

        errors.Length(request.NextToken, "nextToken", 0, 8192);
        errors.ThrowIfAny();
        return ListQuery.Parse(request, "CreationTime", "Descending", InvalidToken);
    }
}
