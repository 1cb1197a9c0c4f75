using Sagebrush.Core.Common;

namespace Sagebrush.Core.SageMaker;

/// <summary>
/// The List members' constraints the job and tuning List operations share, as the service model states them and
/// in the order they report them: MaxResults 1-100, NameContains 0-63 characters of <c>[a-zA-Z0-9\-]+</c>,
/// StatusEquals, SortBy and SortOrder from their enums, NextToken up to 8192 characters. A member the operation does
/// not have is null and passes. (The hosting lists word NameContains' pattern differently and check the status last.)
/// </summary>
public static class ListChecks
{
    public static IReadOnlyList<string> SortOrders { get; } = ["Ascending", "Descending"];

    public static void Check(ConstraintErrors errors, IListRequest request, IReadOnlyList<string> statuses, IReadOnlyList<string> sortBy)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(request);
        errors.Minimum(request.MaxResults, "maxResults", 1);
        errors.Maximum(request.MaxResults, "maxResults", 100);
        errors.Length(request.NameContains, "nameContains", 0, 63);
        errors.Pattern(request.NameContains, "nameContains", @"[a-zA-Z0-9\-]+");
        errors.Enum(request.StatusEquals, "statusEquals", statuses);
        errors.Enum(request.SortBy, "sortBy", sortBy);
        errors.Enum(request.SortOrder, "sortOrder", SortOrders);
        errors.Length(request.NextToken, "nextToken", 0, 8192);
    }

    /// <summary>
    /// ListTrainingJobs', ListProcessingJobs' and ListTransformJobs' checks and query: the job statuses, SortBy
    /// Name/CreationTime/Status, newest first by default; <paramref name="operation"/> names itself in the error for a
    /// NextToken it did not issue.
    /// </summary>
    public static ListQuery JobQuery(IListRequest request, string operation, IReadOnlyList<string>? statuses = null)
    {
        var errors = new ConstraintErrors();
        Check(errors, request, statuses ?? JobStatus.All, JobStatus.SortKeys);
        errors.ThrowIfAny();
        return ListQuery.Parse(
            request, "CreationTime", "Descending", $"Invalid pagination token: NextToken must come from a previous {operation} response with the same SortBy.");
    }
}
