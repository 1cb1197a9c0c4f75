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
    public static ListQuery Parse(ListTrainingJobsRequest request) => ListChecks.JobQuery(request, "ListTrainingJobs");

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
