using Sagebrush.Core.Common;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Training;

/// <summary>
/// ListTrainingJobs' checks and summaries; its filters, order (default: newest first) and pages are the
/// <see cref="ListQuery"/> every List operation shares.
/// </summary>
public static class TrainingJobQuery
{
    private const string InvalidToken = "Invalid pagination token: NextToken must come from a previous ListTrainingJobs response with the same SortBy.";

    public static IReadOnlyList<string> SortByValues { get; } = ["Name", "CreationTime", "Status"];
    public static IReadOnlyList<string> SortOrderValues { get; } = ["Ascending", "Descending"];

    public static ListQuery Parse(ListTrainingJobsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        errors.Minimum(request.MaxResults, "maxResults", 1);
        errors.Maximum(request.MaxResults, "maxResults", 100);
        errors.Length(request.NameContains, "nameContains", 0, 63);
        errors.Pattern(request.NameContains, "nameContains", @"[a-zA-Z0-9\-]+");
        errors.Enum(request.StatusEquals, "statusEquals", TrainingJobStatus.All);
        errors.Enum(request.SortBy, "sortBy", SortByValues);
        errors.Enum(request.SortOrder, "sortOrder", SortOrderValues);
        errors.Length(request.NextToken, "nextToken", 0, 8192);
        errors.ThrowIfAny();
        return ListQuery.Parse(request, "CreationTime", "Descending", InvalidToken);
    }

    public static ListTrainingJobsResponse Apply(ListQuery query, IEnumerable<DescribeTrainingJobResponse> jobs)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (page, next) = query.Apply(
            jobs,
            job => new ListItem(job.TrainingJobName, job.CreationTime, job.LastModifiedTime ?? job.CreationTime, job.TrainingJobStatus));
        return new ListTrainingJobsResponse(page.Select(Summary).ToList(), next);
    }

    private static TrainingJobSummary Summary(DescribeTrainingJobResponse job) => new()
    {
        TrainingJobName = job.TrainingJobName,
        TrainingJobArn = job.TrainingJobArn,
        CreationTime = job.CreationTime,
        TrainingEndTime = job.TrainingEndTime,
        LastModifiedTime = job.LastModifiedTime,
        TrainingJobStatus = job.TrainingJobStatus,
    };
}
