using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;
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

    public static ListQuery Parse(ListTrainingJobsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        ListChecks.Check(errors, request, TrainingJobStatus.All, SortByValues);
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
