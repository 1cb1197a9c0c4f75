using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Training;
using Sagebrush.Core.Tuning.Shapes;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// ListHyperParameterTuningJobs and ListTrainingJobsForHyperParameterTuningJob: their checks, filters, orders and pages.
/// StatusEquals filters before paging (paging to the end gives the same jobs as AWS's filter-after-read).
/// </summary>
public static class TuningJobQueries
{
    public static IReadOnlyList<string> TuningSortBy { get; } = ["Name", "Status", "CreationTime"];
    public static IReadOnlyList<string> TrainingSortBy { get; } = ["Name", "CreationTime", "Status", "FinalObjectiveMetricValue"];

    /// <summary>Defaults as AWS documents them: CreationTime, Descending; 10 per page.</summary>
    public static ListHyperParameterTuningJobsResponse ListTuningJobs(ListHyperParameterTuningJobsRequest request, IEnumerable<DescribeHyperParameterTuningJobResponse> jobs)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        ListChecks.Check(errors, request, HyperParameterTuningJobStatus.All, TuningSortBy);
        errors.ThrowIfAny();

        var (page, next) = ListQuery.Parse(request, "CreationTime", "Descending", InvalidToken("ListHyperParameterTuningJobs")).Apply(
            jobs,
            job => new ListItem(job.HyperParameterTuningJobName, job.CreationTime, job.LastModifiedTime ?? job.CreationTime, job.HyperParameterTuningJobStatus));
        return new ListHyperParameterTuningJobsResponse(page.Select(Summary).ToList(), next);
    }

    public static void Check(ListTrainingJobsForHyperParameterTuningJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        if (errors.Required(request.HyperParameterTuningJobName, "hyperParameterTuningJobName"))
        {
            errors.Length(request.HyperParameterTuningJobName, "hyperParameterTuningJobName", 1, 32);
            errors.Pattern(request.HyperParameterTuningJobName, "hyperParameterTuningJobName", TuningJobValidator.NamePattern);
        }

        ListChecks.Check(errors, request, TrainingJobStatus.All, TrainingSortBy);
        errors.ThrowIfAny();
    }

    /// <summary>
    /// Defaults as AWS documents them: Name, Ascending. SortBy FinalObjectiveMetricValue leaves out the jobs without an
    /// objective value.
    /// </summary>
    public static ListTrainingJobsForHyperParameterTuningJobResponse ListTrainingJobs(
        ListTrainingJobsForHyperParameterTuningJobRequest request,
        IEnumerable<HyperParameterTrainingJobSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = ListQuery.Parse(request, "Name", "Ascending", InvalidToken("ListTrainingJobsForHyperParameterTuningJob"));
        var byObjective = query.SortBy == "FinalObjectiveMetricValue";
        var (page, next) = query.Apply(
            summaries.Where(s => !byObjective || s.FinalHyperParameterTuningJobObjectiveMetric is not null),
            s => new ListItem(s.TrainingJobName, s.CreationTime, s.CreationTime, s.TrainingJobStatus),
            s => byObjective ? new ListKey(s.FinalHyperParameterTuningJobObjectiveMetric!.Value, string.Empty, s.TrainingJobName) : null);
        return new ListTrainingJobsForHyperParameterTuningJobResponse(page, next);
    }

    private static string InvalidToken(string operation) =>
        $"Invalid pagination token: NextToken must come from a previous {operation} response with the same SortBy.";

    private static HyperParameterTuningJobSummary Summary(DescribeHyperParameterTuningJobResponse job) => new()
    {
        HyperParameterTuningJobName = job.HyperParameterTuningJobName,
        HyperParameterTuningJobArn = job.HyperParameterTuningJobArn,
        HyperParameterTuningJobStatus = job.HyperParameterTuningJobStatus,
        Strategy = job.HyperParameterTuningJobConfig.Strategy!,
        CreationTime = job.CreationTime,
        HyperParameterTuningEndTime = job.HyperParameterTuningEndTime,
        LastModifiedTime = job.LastModifiedTime,
        TrainingJobStatusCounters = job.TrainingJobStatusCounters,
        ObjectiveStatusCounters = job.ObjectiveStatusCounters,
        ResourceLimits = job.HyperParameterTuningJobConfig.ResourceLimits,
    };
}
