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
    public static IReadOnlyList<string> SortOrders { get; } = ["Ascending", "Descending"];

    /// <summary>Defaults as AWS documents them: CreationTime, Descending; 10 per page.</summary>
    public static ListHyperParameterTuningJobsResponse ListTuningJobs(ListHyperParameterTuningJobsRequest request, IEnumerable<DescribeHyperParameterTuningJobResponse> jobs)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        errors.Minimum(request.MaxResults, "maxResults", 1);
        errors.Maximum(request.MaxResults, "maxResults", 100);
        errors.Length(request.NameContains, "nameContains", 0, 63);
        errors.Pattern(request.NameContains, "nameContains", @"[a-zA-Z0-9\-]+");
        errors.Enum(request.StatusEquals, "statusEquals", HyperParameterTuningJobStatus.All);
        errors.Enum(request.SortBy, "sortBy", TuningSortBy);
        errors.Enum(request.SortOrder, "sortOrder", SortOrders);
        errors.Length(request.NextToken, "nextToken", 0, 8192);
        errors.ThrowIfAny();

        var r = request;
        var matching = jobs.Where(job =>
        {
            var modified = job.LastModifiedTime ?? job.CreationTime;
            return (r.NameContains is null || job.HyperParameterTuningJobName.Contains(r.NameContains, StringComparison.OrdinalIgnoreCase))
                && (r.StatusEquals is null || job.HyperParameterTuningJobStatus == r.StatusEquals)
                && (r.CreationTimeAfter is null || job.CreationTime > r.CreationTimeAfter)
                && (r.CreationTimeBefore is null || job.CreationTime < r.CreationTimeBefore)
                && (r.LastModifiedTimeAfter is null || modified > r.LastModifiedTimeAfter)
                && (r.LastModifiedTimeBefore is null || modified < r.LastModifiedTimeBefore);
        });
        var sortBy = request.SortBy ?? "CreationTime";
        var (page, next) = ListKey.Page(
            matching,
            job => Key(sortBy, job.HyperParameterTuningJobName, job.CreationTime, job.HyperParameterTuningJobStatus, null),
            sortBy,
            request.SortOrder != "Ascending",
            request.MaxResults ?? 10,
            request.NextToken,
            "ListHyperParameterTuningJobs");
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

        errors.Minimum(request.MaxResults, "maxResults", 1);
        errors.Maximum(request.MaxResults, "maxResults", 100);
        errors.Enum(request.StatusEquals, "statusEquals", TrainingJobStatus.All);
        errors.Enum(request.SortBy, "sortBy", TrainingSortBy);
        errors.Enum(request.SortOrder, "sortOrder", SortOrders);
        errors.Length(request.NextToken, "nextToken", 0, 8192);
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
        var sortBy = request.SortBy ?? "Name";
        var matching = summaries.Where(s =>
            (request.StatusEquals is null || s.TrainingJobStatus == request.StatusEquals)
            && (sortBy != "FinalObjectiveMetricValue" || s.FinalHyperParameterTuningJobObjectiveMetric is not null));
        var (page, next) = ListKey.Page(
            matching,
            s => Key(sortBy, s.TrainingJobName, s.CreationTime, s.TrainingJobStatus, s.FinalHyperParameterTuningJobObjectiveMetric?.Value),
            sortBy,
            request.SortOrder == "Descending",
            request.MaxResults ?? 10,
            request.NextToken,
            "ListTrainingJobsForHyperParameterTuningJob");
        return new ListTrainingJobsForHyperParameterTuningJobResponse(page, next);
    }

    private static ListKey Key(string sortBy, string name, DateTimeOffset created, string status, float? objective) => sortBy switch
    {
        "Name" => new ListKey(0, string.Empty, name),
        "Status" => new ListKey(created.ToUnixTimeMilliseconds(), status, name),
        "FinalObjectiveMetricValue" => new ListKey(objective ?? 0, string.Empty, name),
        _ => new ListKey(created.ToUnixTimeMilliseconds(), string.Empty, name),
    };

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
